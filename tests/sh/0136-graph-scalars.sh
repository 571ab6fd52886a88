# a number where a string belongs is taken as its text; with: keeps YAML types, sorted
. "$TOP/tests/sh/lib.sh"
cat > menace.yaml <<'YAML'
version: 1
rules:
  num:
    run: 3
    description: true
  act:
    use: score
    with:
      roi_threshold: ["a b", 2, '${out}']
      bucket: 1.5
      out: "3"
      history: false
    out: [scores.json]
YAML
menace graph --json > g.json || fail "graph failed"
python3 - <<'PY' || fail "bad JSON graph"
import json
n = {x["name"]: x for x in json.load(open("g.json"))["nodes"]}
assert n["num"]["command"] == "3" and n["num"]["description"] == "true", n["num"]
assert n["act"]["action"] == "score" and "command" not in n["act"]
assert list(n["act"]["with"]) == ["bucket", "history", "out", "roi_threshold"], n["act"]["with"]
assert n["act"]["with"] == {"bucket": 1.5, "history": False, "out": "3", "roi_threshold": ["a b", 2, "scores.json"]}
PY
