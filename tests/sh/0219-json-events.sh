#!/bin/sh
# --json FILE and --json - write JSON Lines events (SANDBOX_JSON_LOGS is
# the log lines on stderr: tests/sh/0961)
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > a.txt", out: [a.txt]}
  bad: {run: "exit 1", out: [bad.txt]}
  after: {run: "touch after.txt", in: [bad.txt], out: [after.txt]}
Y
expect_exit 1 menace build -k 0 --json events.jsonl
python3 - <<'P' || fail "events"
import json
ev = [json.loads(l) for l in open("events.jsonl")]
assert ev[0]["event"] == "build_start" and ev[-1]["event"] == "build_end", ev
end = {e["rule"]: e for e in ev if e["event"] == "rule_end"}
assert end["a"]["status"] == "ran" and end["a"]["reason"] == "never built"
assert end["bad"]["status"] == "failed"
assert end["after"]["status"] == "skipped"
assert all(isinstance(e["duration"], (int, float)) for e in end.values())
assert ev[-1]["ran"] == 1 and ev[-1]["failed"] == 1 and ev[-1]["skipped"] == 1
assert sum(1 for e in ev if e["event"] == "rule_start") == 2
P
expect_exit 0 menace build a --json -
python3 - <<'P' || fail "--json -"
import json
ev = [json.loads(l) for l in open(".out")]
end = [e for e in ev if e["event"] == "rule_end"]
assert end[0]["status"] == "cached" and end[0]["rule"] == "a", ev
assert ev[-1]["cached"] == 1
P
