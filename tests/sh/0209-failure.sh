#!/bin/sh
# a failing rule fails the build (exit 1) with its command and output; its
# dependents do not run; it runs again next time
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  bad: {run: "echo bad >> .runs; echo oops-output; exit 3", out: [bad.out]}
  after: {run: "echo after >> .runs; cp bad.out after.out", in: [bad.out], out: [after.out]}
Y
build_fail_msg "menace: rule 'bad' failed (exit status 3)"
# the command line also names oops-output: the output is the line of its own
printf '%s\n' "menace: rule 'bad' failed (exit status 3)" '  $ echo bad >> .runs; echo oops-output; exit 3' oops-output >want
head -n 3 .err >got
assert_file_eq got want
check_rebuilt bad
check_not_rebuilt after
assert_grep 'menace: 0 ran, 0 up to date, 1 failed, 1 skipped in' .err
build_fail_msg "menace: rule 'bad' failed (exit status 3)"
check_rebuilt bad
# fixed: both run, and then stay up to date
sed -i 's/exit 3/echo ok > bad.out/' menace.yaml
build_ok
check_rebuilt bad after
build_ok
check_nothing_ran
