#!/bin/sh
# status lists the rules that would run with their reasons: exit 1; exit 0 when all are up to date
. "$TOP/tests/sh/lib.sh"
echo 1 >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt copy.txt", in: [in.txt], out: [copy.txt]}
  other: {run: "echo other >> .runs; echo x > other.txt", out: [other.txt]}
Y
expect_exit 1 menace status
printf 'copy: never built\nother: never built\n' >want
sort .out >got
assert_file_eq got want
build_ok
runs_reset
expect_exit 0 menace status
[ ! -s .out ] || fail "status listed: $(cat .out)"
rm other.txt
expect_exit 1 menace status
printf "other: output 'other.txt' is missing\n" >want
assert_file_eq .out want
expect_exit 1 menace status other
assert_file_eq .out want
expect_exit 0 menace status copy
[ ! -s .out ] || fail "status copy listed: $(cat .out)"
check_nothing_ran
expect_err 2 "menace: unknown target 'nope'" menace status nope
