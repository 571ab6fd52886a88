# alignment through the pipeline: the flag rule has the repository's
# .git/logs/HEAD as an input, so each commit re-runs it. On a one-commit copy
# the root commit's issues are below the warning threshold; a commit removing
# a docstring and a logging call (app/notify.py) appends one line with
# severity 0.75, not escalated; a commit deleting a test file escalates
# (severity 1); a build without a new commit appends nothing
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
sh "$TOP/examples/sandbox_repo.sh" repo -1 >/dev/null 2>&1 || fail "sandbox_repo.sh -1 failed"
mv repo repo1
e2e_setup small
rm -rf repo && mv repo1 repo
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
e2e_build 1
assert_eq "$(wc -c <sandbox_data/alignment_flags.jsonl)" 0 "alignment_flags.jsonl after the root commit"

python3 - <<'P' || fail "editing app/notify.py"
p = "repo/app/notify.py"
s = open(p).read()
s2 = s.replace('    """Log a warning and return True when the balance is below the threshold."""\n', "")
s2 = s2.replace('        log.warning("balance below %d cents", threshold_cents)\n', "        pass\n")
assert s2 != s and s2.count("\n") == s.count("\n") - 1
open(p, "w").write(s2)
P
git -C repo commit -q -a -m "notify: quieter" || fail "commit"
e2e_build 2
e2e_ran 2 >ran.2
grep -qx flag ran.2 || fail "flag did not run after a commit"
assert_grep "menace: alignment_warning: commit $(git -C repo rev-parse HEAD | cut -c1-12) severity 0.75 (2 issues)" err.2
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 1 "lines after the first commit"
python3 - "$(git -C repo rev-parse HEAD)" <<'P' || fail "the line of the first commit"
import json, sys
l = json.loads(open("sandbox_data/alignment_flags.jsonl").read().splitlines()[0])
assert l["commit"] == sys.argv[1] and l["severity"] == 0.75 and l["score"] == 1.25 and l["escalated"] is False, l
assert [i["message"] for i in l["report"]["issues"]] == [
    "app/notify.py: 1 docstring(s) removed", "app/notify.py: 1 logging call(s) removed"], l
P

e2e_build 3
assert_eq "$(e2e_count 3 ran)" 0 "ran without a new commit"
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 1 "lines without a new commit"

git -C repo rm -q tests/test_stats.py || fail "git rm"
git -C repo commit -q -m "drop the stats tests" || fail "commit 2"
e2e_build 4
assert_grep "menace: alignment_failure: commit $(git -C repo rev-parse HEAD | cut -c1-12) severity 1" err.4
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 2 "lines after the second commit"
python3 - <<'P' || fail "the escalated line"
import json
l = json.loads(open("sandbox_data/alignment_flags.jsonl").read().splitlines()[1])
assert l["severity"] == 1 and l["escalated"] is True, l
assert any(i["tier"] == 4 and "tests/test_stats.py" in i["message"] for i in l["report"]["issues"]), l
P
# without its test file, tools/stats.py is stub-tested: mean and median refuse hostile
# input with clean errors (TypeError, ValueError), so it now passes
python3 -c 'import json; r = json.load(open("sandbox_data/selftest/tools/stats.py/hostile_input-low.json")); assert r["runner"] == "stub" and r["passed"] and r["failures"] == 0, r' || fail "stats result after the test file went"
