#!/bin/sh
# -n prints what would run and why, and changes nothing on disk or in the database
. "$TOP/tests/sh/lib.sh"
mkdir ws && cd ws
echo 1 >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt out/copy.txt", in: [in.txt], out: [out/copy.txt]}
  next: {run: "echo next >> .runs; cp out/copy.txt next.txt", in: [out/copy.txt], out: [next.txt]}
Y
# before any build: nothing is created, not even the state directory
runs_reset
expect_exit 0 menace build -n --explain
check_nothing_ran
[ ! -e .menace ] && [ ! -e sandbox_data ] && [ ! -e out ] || fail "-n created files"
assert_grep 'copy: never built' "$T/.out"
assert_grep "next: input 'out/copy.txt' will be rebuilt by 'copy'" "$T/.out"
build_ok
echo 2 >in.txt
db_dump >../before.sql
ls -l --full-time . out .menace >../before.ls
runs_reset
expect_exit 0 menace build -n --explain
check_nothing_ran
assert_grep "copy: input 'in.txt' changed" "$T/.out"
ls -l --full-time . out .menace >../after.ls
db_dump >../after.sql
assert_file_eq ../after.sql ../before.sql
assert_file_eq ../after.ls ../before.ls
echo 1 >want
assert_file_eq out/copy.txt want
