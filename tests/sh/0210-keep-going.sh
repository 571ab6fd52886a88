#!/bin/sh
# -k N keeps going until N rules failed; -k 0 never stops; -k 1 (default) stops at the first
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  f1: {run: "echo f1 >> .runs; exit 1", out: [f1.out]}
  f2: {run: "echo f2 >> .runs; exit 1", out: [f2.out], needs: [f1]}
  f3: {run: "echo f3 >> .runs; exit 1", out: [f3.out]}
  good: {run: "echo good >> .runs; touch good.out", out: [good.out], needs: [f3]}
  other: {run: "echo other >> .runs; touch other.out", out: [other.out]}
Y
# one job at a time: a failure stops the build before the rest starts
runs_reset
expect_exit 1 menace build -j1
[ "$(wc -l <.runs)" -eq 1 ] || { cat .runs; fail "-k 1 ran more than one rule"; }
# -k 0: every rule that can run runs; those after a failure do not
runs_reset
expect_exit 1 menace build -j1 -k 0
check_rebuilt f1 f3 other
check_not_rebuilt f2 good
assert_grep ', 2 failed, 2 skipped in' .err
# -k 2 stops after the second failure
rm -f other.out
runs_reset
expect_exit 1 menace build -j1 -k 2
[ "$(grep -c '^f' .runs)" -eq 2 ] || { cat .runs; fail "-k 2"; }
expect_err 2 "menace: see 'menace build --help'" menace build -k x
