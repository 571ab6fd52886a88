# a module whose code keeps changing without any effect (whitespace edits)
# plateaus: the first build and two whitespace edits give three scorings of
# tools/stats.py with entropy delta 0, flag adds it to sandbox_meta.log.flags
# with a "sandbox diminishing:" line, and from the next build on the selftest
# foreach skips it while its files are unchanged (0931: an edit tests it
# again); the other modules, whose code did not change, are not
# flagged (score appends a history entry only when a module's source or roi
# changed). menace flag --reset brings it back: the next build tests it again.
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
st='selftest[tools/stats.py,scenario=hostile_input,level=low]'
e2e_build 1
printf '\n' >>repo/tools/stats.py
e2e_build 2
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags after build 2"
assert_no_grep 'sandbox diminishing' err.2
printf '\n\n' >>repo/tools/stats.py
e2e_build 3
e2e_ran 3 >ran.3
grep -qxF "$st" ran.3 || fail "stats not tested in build 3"
assert_grep 'menace: sandbox diminishing: tools/stats.py' err.3
grep 'sandbox diminishing' err.3 >dim.3
assert_eq "$(cat dim.3)" "menace: sandbox diminishing: tools/stats.py" "the diminishing line"
python3 - <<'P' || fail "flags after build 3"
import json
assert [e["name"] for e in json.load(open("sandbox_data/sandbox_meta.log.flags"))] == ["tools/stats.py"]
h = json.load(open("sandbox_data/roi_history.json"))
assert h["module_entropy_deltas"]["tools/stats.py"] == [0, 0, 0], h["module_entropy_deltas"]
# modules whose code did not change got one entry (the first build)
assert h["module_entropy_deltas"]["tools/audit.py"] == [0], h["module_entropy_deltas"]["tools/audit.py"]
P

# build 4: the flagged module is unchanged: it is skipped, no selftest runs
e2e_build 4
e2e_ran 4 >ran.4
assert_eq "$(grep -c '^selftest' ran.4)" 0 "selftests in build 4"
# its score is kept: integrate still rejects it for its failed tests
assert_grep 'tools/stats.py: rejected (failed_tests)' err.4
assert_grep 'tools/audit.py: kept' err.4
python3 -c 'import json; s = json.load(open("sandbox_data/scores.json")); assert s["tools/stats.py"]["pass_rate"] == 0 and len(s) == 13, s' || fail "scores.json after the skip"

# reset: the next build tests it again and does not flag it at once
expect_exit 0 menace flag --reset tools/stats.py
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags after the reset"
e2e_build 5
e2e_ran 5 >ran.5
grep -qxF "$st" ran.5 || fail "stats not tested again after the reset"
assert_eq "$(grep -c '^selftest' ran.5)" 1 "selftests in build 5"
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags after build 5"
