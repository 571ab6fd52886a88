#!/bin/sh
# a file added to or removed from an input glob re-runs the rule
. "$TOP/tests/sh/lib.sh"
mkdir src && echo a >src/a.c && echo b >src/b.c && echo x >src/x.h
cat >menace.yaml <<'Y'
version: 1
rules:
  list: {run: "echo list >> .runs; cat ${in} > all.txt", in: ["src/*.c"], out: [all.txt]}
Y
build_ok
check_rebuilt list
echo c >src/c.c
build_ok
check_rebuilt list
printf 'a\nb\nc\n' >want
assert_file_eq all.txt want
echo y >src/y.h
build_ok
check_nothing_ran
rm src/a.c
build_ok
check_rebuilt list
printf 'b\nc\n' >want
assert_file_eq all.txt want
