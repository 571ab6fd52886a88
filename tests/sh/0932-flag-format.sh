# sandbox_meta.log.flags format 2 and format 1: --reset reads a format-1
# file (a list of paths); the plateau step binds a format-1 entry to its
# files now; an entry whose files changed is dropped, with a note, and its
# plateau histories count from its flagging on (sandbox_meta.log.resets)
. "$TOP/tests/sh/lib.sh"
names() { python3 -c 'import json; print(" ".join(e if isinstance(e, str) else e["name"] for e in json.load(open("sandbox_data/sandbox_meta.log.flags"))))'; }
mkdir -p sandbox_data repo/pkg sandbox_data/selftest/pkg/b.py
echo 'x = 1' >repo/a.py
echo 'y = 2' >repo/pkg/b.py
echo 'z = 3' >repo/pkg/c.py
# a depfile of b.py's self-test names a helper
printf 'sandbox_data/selftest/pkg/b.py/s-low.json: repo/pkg/b.py \\\n  repo/pkg/c.py\n' >sandbox_data/selftest/pkg/b.py/s-low.d
cat >sandbox_data/roi_history.json <<'J'
{"module_deltas": {"a.py": [0.5, 0.1], "pkg/b.py": [0.5, 0.1]},
 "module_entropy_deltas": {"a.py": [0.5, 0.3], "pkg/b.py": [0.5, 0.3]}}
J
echo '["a.py", "pkg/b.py"]' >sandbox_data/sandbox_meta.log.flags
expect_exit 0 menace flag --reset a.py
assert_eq "$(names)" "pkg/b.py" "flags after the reset"
assert_eq "$(python3 -c 'import json; print(json.load(open("sandbox_data/sandbox_meta.log.resets")))')" "{'a.py': {'entropy': 2, 'roi': 2}}" "resets"
# the plateau step: the format-1 entry bound to its files now
expect_exit 0 menace flag --no-alignment --repo repo
assert_eq "$(cat .out)" "flagged complete: 1 module (pkg/b.py)" "summary"
python3 - <<'P' || fail "the format-2 entry"
import json
[e] = json.load(open("sandbox_data/sandbox_meta.log.flags"))
assert e["name"] == "pkg/b.py" and sorted(e["unchanged"]) == ["repo/pkg/b.py", "repo/pkg/c.py"], e
assert all(len(h) == 32 for h in e["unchanged"].values()) and e["history"] == {"entropy": 2, "roi": 2}, e
P
cp sandbox_data/sandbox_meta.log.flags flags.before
expect_exit 0 menace flag --no-alignment --repo repo
assert_file_eq sandbox_data/sandbox_meta.log.flags flags.before
# the helper changes: the flag is dropped, its count restarts at its flagging
echo 'z = 4' >repo/pkg/c.py
python3 - <<'P'
import json
h = json.load(open("sandbox_data/roi_history.json"))
h["module_entropy_deltas"]["pkg/b.py"] += [0.0, 0.0]
h["module_deltas"]["pkg/b.py"] += [0.0, 0.0]
json.dump(h, open("sandbox_data/roi_history.json", "w"))
P
expect_err 0 "menace: pkg/b.py changed since it was flagged complete: tested again, its plateau count restarts" menace flag --no-alignment --repo repo
assert_eq "$(names)" "" "flags after the change"
assert_eq "$(python3 -c 'import json; print(json.load(open("sandbox_data/sandbox_meta.log.resets"))["pkg/b.py"])')" "{'entropy': 2, 'roi': 2}" "b.py's reset"
# a third flat scoring since its flagging flags it again, bound anew
python3 - <<'P'
import json
h = json.load(open("sandbox_data/roi_history.json"))
h["module_entropy_deltas"]["pkg/b.py"] += [0.0]
json.dump(h, open("sandbox_data/roi_history.json", "w"))
P
expect_err 0 "menace: sandbox diminishing: pkg/b.py" menace flag --no-alignment --repo repo
assert_grep '"entropy": 5' sandbox_data/sandbox_meta.log.flags
# a malformed flags file is an error
echo '{}' >sandbox_data/sandbox_meta.log.flags
expect_err 1 "menace: sandbox_data/sandbox_meta.log.flags: expected a JSON array" menace flag --no-alignment --repo repo
