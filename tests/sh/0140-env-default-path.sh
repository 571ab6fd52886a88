#!/bin/sh
# ${env.NAME:-default} in a path with NAME unset: the default, read intact
# (it was read after being freed: a garbage path, a garbage directory made)
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a:
    run: "cat ${in} > ${out}"
    in: ["${env.SRCDIR:-src}/a.txt"]
    out: ["${env.OUTDIR:-build}/a.txt"]
Y
mkdir src && echo hello >src/a.txt
unset SRCDIR OUTDIR
expect_exit 0 menace build
assert_eq "$(cat build/a.txt)" hello "the output"
assert_eq "$(ls -A | grep -vx -e .out -e .err -e .runs | tr '\n' ' ')" ".menace build menace.yaml src " "the files made"
expect_exit 0 menace graph --json
assert_grep '"inputs":	["src/a.txt"]' "$T/.out"
# set, the variable wins
mkdir other && echo other >other/a.txt
SRCDIR=other expect_exit 0 menace build
assert_eq "$(cat build/a.txt)" other "the output from SRCDIR"
