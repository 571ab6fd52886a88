# includes: nested, relative to the including file, vars shared, pools; the graph lists every file
. "$TOP/tests/sh/lib.sh"
fixture graph_include
WHO=me menace graph --json > g.json || fail "graph failed"
python3 - <<'PY' || fail "bad graph"
import json
g = json.load(open("g.json"))
n = {x["name"]: x for x in g["nodes"]}
assert set(n) == {"top", "lib", "deep"}, n.keys()
assert n["top"]["command"] == "echo hello me > top.txt", n["top"]["command"]
assert n["top"]["inputs"] == ["gen/lib.txt"]
assert n["top"]["env"] == ["WHO"]
assert n["deep"]["pool"] == "one"
assert {"from": "lib", "to": "top"} in g["edges"]
PY
expect_exit 0 menace graph top
assert_eq "$(cat "$T/.out")" "lib (stale)
top <- lib (stale)"
