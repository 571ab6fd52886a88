# SANDBOX_JSON_LOGS=1: every line menace prints on stderr is one JSON object
# {"level", "message", fields...} (warnings, errors with their place,
# progress, a rule's output, the summary, a failure), stdout carries no
# build events unless --json asks for them, and --json - still works
. "$TOP/tests/sh/lib.sh"
printf '%s\n' 'version: 1' 'rules:' \
	'  a: {run: "echo a > a.txt; echo hello", out: [a.txt]}' \
	'  b: {run: "echo oops; exit 1", out: [b.txt], needs: [a]}' >menace.yaml
check_json() {
	python3 - "$@" <<'P' || { cat .err >&2; fail "stderr is not JSON log lines"; }
import json, sys
lines = [l for l in open(".err").read().split("\n") if l]
assert lines, "nothing on stderr"
objs = [json.loads(l) for l in lines]
for o in objs:
    assert o["level"] in ("info", "warning", "error") and isinstance(o["message"], str), o
    assert not o["message"].startswith("menace:"), o
want = sys.argv[1:]
for w in want:
    level, text = w.split("=", 1)
    assert any(o["level"] == level and text in o["message"] for o in objs), (w, objs)
P
}
SANDBOX_JSON_LOGS=1 SANDBOX_DEBUG=1 expect_exit 1 menace build
check_json "warning=SANDBOX_DEBUG is not supported" "info=[1/2] a" "info=hello" \
	"error=rule 'b' failed (exit status 1)" "info=oops" "info=1 ran, 0 up to date, 1 failed"
grep -q '"variable":"SANDBOX_DEBUG"' .err || fail "no variable field"
grep -q '"rule":"b","command":"echo oops; exit 1"' .err || fail "no failure fields"
[ ! -s .out ] || { cat .out >&2; fail "SANDBOX_JSON_LOGS wrote build events on stdout"; }
# the events are --json's: both at once, one on stdout, one on stderr
SANDBOX_JSON_LOGS=1 expect_exit 1 menace build --json -
check_json "info=0 ran, 1 up to date, 1 failed"
python3 -c '
import json
ev = [json.loads(l) for l in open(".out")]
assert ev[0]["event"] == "build_start" and ev[-1]["event"] == "build_end", ev
' || fail "--json - events"
# a placed error: file, line and column as fields
printf 'version: 1\nrules:\n  a: {rn: x}\n' >menace.yaml
SANDBOX_JSON_LOGS=yes expect_exit 2 menace build
python3 -c '
import json
o = json.loads(open(".err").readline())
assert o == {"level": "error", "message": "unknown key '"'rn'"' in rule '"'a'"' (did you mean '"'run'"'?)",
             "file": "menace.yaml", "line": 3, "column": 7}, o
' || { cat .err >&2; fail "placed error"; }
# a system error: its text in "error" and at the end of the message
SANDBOX_JSON_LOGS=1 expect_exit 2 menace build --json nodir/x.jsonl
python3 -c '
import json
o = json.loads(open(".err").readline())
assert o["level"] == "error" and o["error"] == "No such file or directory", o
assert o["message"] == "cannot write '"'nodir/x.jsonl'"': No such file or directory", o
' || { cat .err >&2; fail "errno field"; }
# a usage error and its hint are log lines too
SANDBOX_JSON_LOGS=1 expect_exit 2 menace build --bogus
check_json "error=unknown option '--bogus'" "info=see 'menace build --help'"
# the action commands a build runs inherit it: their lines pass through
cat >menace.yaml <<Y
version: 1
rules:
  p: {run: "'$MENACE' presets --nosuch; true", out: [], always: true}
Y
SANDBOX_JSON_LOGS=1 expect_exit 0 menace build
check_json "error=unknown option '--nosuch'"
assert_grep '{"level":"error","message":"unknown option '"'--nosuch'"'","rule":"p"}' .err
# without the variable, the text lines as before
expect_exit 0 menace build
assert_grep "menace: unknown option '--nosuch'" .err
assert_grep "menace: 1 ran, 0 up to date, 0 failed" .err
