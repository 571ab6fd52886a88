#!/bin/sh
# a tracked env var's change re-runs the rule; an untracked one's does not
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  tracked:
    run: echo tracked >> .runs; echo "$GREETING" > tracked.txt
    env: [GREETING]
    out: [tracked.txt]
  untracked:
    run: echo untracked >> .runs; echo "$OTHER" > untracked.txt
    out: [untracked.txt]
Y
export GREETING=hi OTHER=x
build_ok
check_rebuilt tracked untracked
export GREETING=hello OTHER=y
build_ok
check_rebuilt tracked
check_not_rebuilt untracked
echo hello >want
assert_file_eq tracked.txt want
unset GREETING
build_ok
check_rebuilt tracked
build_ok
check_nothing_ran
