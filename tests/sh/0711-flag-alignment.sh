# flag's alignment check: a commit that removes a docstring and a logging
# call appends one line (severity 3/4, not escalated); re-running adds
# nothing; a commit that deletes a test file escalates
. "$TOP/tests/sh/lib.sh"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir repo
cd repo
git init -q .
cat >calc.py <<'P'
"""Small calculator."""
import logging

log = logging.getLogger(__name__)


def add(a, b):
    """Return a + b."""
    log.info("adding %s and %s", a, b)
    return a + b
P
mkdir tests
cat >tests/test_calc.py <<'P'
"""Tests of calc."""
from calc import add


def test_add():
    assert add(1, 2) == 3
P
git add -A && git commit -qm one
cd ..
# the root commit adds documented files: nothing to flag
expect_exit 0 menace flag --repo repo
assert_eq "$(wc -c <sandbox_data/alignment_flags.jsonl)" 0 "alignment_flags.jsonl size"

cd repo
cat >calc.py <<'P'
"""Small calculator."""
import logging

log = logging.getLogger(__name__)


def add(a, b):
    return a + b
P
git commit -qam two
head=$(git rev-parse HEAD)
cd ..
expect_err 0 "menace: alignment_warning: commit $(echo "$head" | cut -c1-12) severity 0.75 (2 issues)" menace flag --repo=repo
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 1 "lines"
HEAD=$head python3 - <<'P' || fail "alignment line"
import json, os
line = json.loads(open("sandbox_data/alignment_flags.jsonl").readline())
assert line["commit"] == os.environ["HEAD"], line
assert line["severity"] == 0.75 and line["score"] == 1.25 and line["escalated"] is False, line
r = line["report"]
assert r["lines_added"] == 0 and r["lines_removed"] == 2, r
tiers = sorted((i["tier"], i["severity"], i["message"]) for i in r["issues"])
assert tiers == [(2, 0.5, "calc.py: 1 logging call(s) removed"), (3, 0.75, "calc.py: 1 docstring(s) removed")], tiers
assert sorted(line) == ["commit", "escalated", "report", "score", "severity"]
P
# idempotent on the same HEAD
expect_exit 0 menace flag --repo repo
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 1 "lines after a re-run"
assert_no_grep alignment_warning .err

cd repo
git rm -q tests/test_calc.py
git commit -qm three
cd ..
expect_exit 0 menace flag --repo repo
assert_grep 'menace: alignment_failure: commit' .err
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 2 "lines"
python3 - <<'P' || fail "escalated line"
import json
line = json.loads(open("sandbox_data/alignment_flags.jsonl").readlines()[1])
assert line["severity"] == 1.0 and line["escalated"] is True, line
assert line["report"]["issues"] == [{"message": "tests/test_calc.py: test file deleted", "severity": 1.0, "tier": 4}], line
P
# a tier-1 issue is below the default warning threshold; a lower one flags it
cd repo && echo 'x = 1' >new.py && git add new.py && git commit -qm four && cd ..
expect_exit 0 menace flag --repo repo
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 2 "a tier-1 issue is below the warning threshold"
ALIGNMENT_WARNING_THRESHOLD=0.25 expect_exit 0 menace flag --repo repo
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 3 "lines with warning threshold 0.25"
tail -n 1 sandbox_data/alignment_flags.jsonl | grep -qF '"message":"new.py: new module without a module docstring","severity":0.25,"tier":1' || fail "tier 1 issue"
# a higher failure threshold: a deleted test file is flagged, not escalated
cd repo
mkdir -p tests && printf 'def test_more():\n    assert True\n' >tests/test_more.py
git add tests/test_more.py && git commit -qm five && git rm -q tests/test_more.py && git commit -qm six
head=$(git rev-parse HEAD)
cd ..
ALIGNMENT_FAILURE_THRESHOLD=1.5 expect_err 0 "menace: alignment_warning: commit $(echo "$head" | cut -c1-12) severity 1.00 (1 issue)" menace flag --repo repo
assert_no_grep alignment_failure .err
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 4 "lines"
tail -n 1 sandbox_data/alignment_flags.jsonl | grep -qF '"escalated":false' || fail "escalated above the failure threshold"
