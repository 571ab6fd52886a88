#!/bin/sh
# a content change re-runs its consumer and only what depends on a changed output
. "$TOP/tests/sh/lib.sh"
echo 1 >a.in && echo 1 >b.in
cat >menace.yaml <<'Y'
version: 1
rules:
  a1: {run: "echo a1 >> .runs; cp a.in a1.out", in: [a.in], out: [a1.out]}
  a2: {run: "echo a2 >> .runs; cp a1.out a2.out", in: [a1.out], out: [a2.out]}
  b1: {run: "echo b1 >> .runs; cp b.in b1.out", in: [b.in], out: [b1.out]}
  b2: {run: "echo b2 >> .runs; cp b1.out b2.out", in: [b1.out], out: [b2.out]}
  both: {run: "echo both >> .runs; cat a2.out b2.out > both.out", in: [a2.out, b2.out], out: [both.out]}
Y
build_ok
check_rebuilt a1 a2 b1 b2 both
echo 2 >a.in
build_ok
check_rebuilt a1 a2 both
check_not_rebuilt b1 b2
printf '2\n1\n' >want
assert_file_eq both.out want
build_ok
check_nothing_ran
