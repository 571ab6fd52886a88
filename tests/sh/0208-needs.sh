#!/bin/sh
# a needed rule's output hashes are part of the key: its change re-runs
# the rule that needs it; its re-run with the same bytes does not
. "$TOP/tests/sh/lib.sh"
echo 1 >v.in
cat >menace.yaml <<'Y'
version: 1
rules:
  gen: {run: "echo gen >> .runs; sed s/X// v.in > gen.out", in: [v.in], out: [gen.out]}
  user: {run: "echo user >> .runs; echo used > user.out", needs: [gen], out: [user.out]}
Y
build_ok
check_rebuilt gen user
echo 2 >v.in
build_ok
check_rebuilt gen user
echo 2X >v.in
build_ok
check_rebuilt gen
check_not_rebuilt user
