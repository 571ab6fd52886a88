#!/bin/sh
# timeout: kills the rule's whole process group and fails the rule
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  hang:
    run: "echo hang >> .runs; (sleep 30; echo late > late.txt) & sleep 30; touch hang.out"
    out: [hang.out]
    timeout: 1
Y
build_fail_msg "menace: rule 'hang' failed (timed out after 1s)"
[ ! -f hang.out ] || fail "the command was not killed"
# the background child was in the same group: nothing of it survives
pgrep -f 'echo late > late.txt' >/dev/null && fail "a child of the rule survived"
exit 0
