#!/bin/sh
# early cutoff through a chain of three: a rule that re-runs and writes
# the same bytes leaves everything after it up to date
. "$TOP/tests/sh/lib.sh"
echo 'value X' >src.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  one: {run: "echo one >> .runs; sed s/X/Y/ src.txt > one.txt", in: [src.txt], out: [one.txt]}
  two: {run: "echo two >> .runs; cp one.txt two.txt", in: [one.txt], out: [two.txt]}
  three: {run: "echo three >> .runs; cp two.txt three.txt", in: [two.txt], out: [three.txt]}
  four: {run: "echo four >> .runs; cp three.txt four.txt", in: [three.txt], out: [four.txt]}
Y
build_ok
check_rebuilt one two three four
echo 'value Y' >src.txt
build_ok
check_rebuilt one
check_not_rebuilt two three four
# and the cutoff in the middle of the chain: two re-runs (its output edited), three and four do not
echo junk >two.txt
build_ok --no-cache   # else restored from the cache
check_rebuilt two
check_not_rebuilt one three four
echo 'value Z' >src.txt
build_ok
check_rebuilt one two three four
