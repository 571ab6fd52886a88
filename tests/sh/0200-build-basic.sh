#!/bin/sh
# a first build runs every rule in order; a second runs nothing
. "$TOP/tests/sh/lib.sh"
mkdir src && echo hello >src/a.txt && echo world >src/b.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  cat:
    run: echo cat >> .runs; cat ${in} > ${out}
    in: [src/*.txt]
    out: [out/all.txt]
  upper:
    run: echo upper >> .runs; tr a-z A-Z < ${in} > ${out}
    in: [out/all.txt]
    out: [out/deep/upper.txt]
Y
build_ok
check_rebuilt cat upper
printf 'HELLO\nWORLD\n' >want
assert_file_eq out/deep/upper.txt want
grep -q '^menace: 2 ran, 0 up to date, 0 failed in [0-9.]*s$' .err || { cat .err; fail "summary"; }
build_ok
check_nothing_ran
grep -q '^menace: 0 ran, 2 up to date, 0 failed in [0-9.]*s$' .err || { cat .err; fail "summary"; }
# menace with no command builds; -q prints nothing
runs_reset
expect_exit 0 menace -q
[ ! -s .err ] || fail "-q printed: $(cat .err)"
[ -f .menace/menace.db ] || fail "no state database"
