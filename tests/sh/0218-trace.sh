#!/bin/sh
# trace writes the last build as Chrome trace JSON
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > a.txt", out: [a.txt]}
  b: {run: "cp a.txt b.txt", in: [a.txt], out: [b.txt]}
Y
expect_err 1 "menace: no build recorded yet" menace trace
expect_exit 0 menace build
expect_exit 0 menace trace trace.json
python3 -m json.tool trace.json >/dev/null || fail "trace.json is not JSON"
python3 - <<'P' || fail "trace content"
import json
t = json.load(open("trace.json"))
ev = {e["name"]: e for e in t["traceEvents"]}
assert set(ev) == {"a", "b"}, ev
assert all(e["ph"] == "X" and e["dur"] >= 0 for e in ev.values())
assert ev["b"]["ts"] >= ev["a"]["ts"] + ev["a"]["dur"]
assert ev["a"]["args"]["status"] == "ran" and ev["a"]["args"]["reason"] == "never built"
P
expect_exit 0 menace trace
python3 -m json.tool .out >/dev/null || fail "trace on stdout is not JSON"
# FILE names are relative to where menace runs, not to the manifest
mkdir -p elsewhere
cd elsewhere
"$MENACE" -C .. trace t2.json || fail "trace -C"
[ -f ../t2.json ] || fail "trace FILE with -C is relative to the -C directory"
"$MENACE" -f ../menace.yaml trace t3.json || fail "trace -f"
[ -f t3.json ] || fail "trace FILE was not written relative to the current directory"
"$MENACE" -f ../menace.yaml build --json ev.jsonl || fail "build --json -f"
[ -f ev.jsonl ] || fail "--json FILE was not written relative to the current directory"
