#!/bin/sh
# one option parser (base/opt.h): bad values name the flag or variable, an
# error prints one usage synopsis, "" in a variable is unset, "" given to a
# flag is an error, a flag beats its variable, a size's G is 2^30
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", in: [src.txt], out: [up.txt]}
Y
echo abc >src.txt
usage="menace: see 'menace build --help'"
expect_err 2 "menace: -j: 'x' is not a count from 1 to 1000000" menace build -j x
assert_grep "$usage" .err
assert_eq "$(wc -l <.err)" 2 "lines of a usage error"
expect_err 2 "menace: -k: '-1' is not a count from 0 to 1000000" menace build -k -1
expect_err 2 "menace: option '-j' needs a value" menace build -j
expect_err 2 "menace: option '--json' needs a value" menace build --json=
expect_err 2 "menace: unknown option '-z'" menace build -z
expect_err 2 "menace: unknown option '--bogus'" menace build --bogus=1
expect_err 2 "menace: option '--no-cache' takes no value" menace build --no-cache=1
expect_err 2 "menace: unknown option '-x'" menace clean -x
expect_err 2 "menace: unknown option '-x'" menace explain -x
expect_err 2 "menace: option '-f' needs a value" menace -f
[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "a usage error wrote the state"
# SANDBOX_JSON_LOGS is a boolean; empty is unset
SANDBOX_JSON_LOGS=maybe expect_err 2 "menace: SANDBOX_JSON_LOGS: 'maybe' is not a boolean" menace build
SANDBOX_JSON_LOGS= build_ok
[ ! -s .out ] || fail "SANDBOX_JSON_LOGS= wrote JSON"
echo abd >src.txt
SANDBOX_JSON_LOGS=true build_ok
assert_grep '"level":"info"' .err
# gc: one size meaning, messages in the same style
expect_err 2 "menace: --max-size: '1Q' is not a size" menace gc --max-size 1Q
expect_err 2 "menace: --keep: 'x' is not a count from 0 to 1000000000" menace gc --keep=x
expect_err 2 "menace: unexpected argument 'now'" menace gc now
MENACE_CACHE_MAX=1Q expect_err 2 "menace: MENACE_CACHE_MAX: '1Q' is not a size" menace gc
MENACE_CACHE_MAX= expect_exit 0 menace gc
expect_exit 0 menace gc --max-size=1GiB
expect_exit 0 menace gc --max-size 1g
# a flag beats its variable: the bad variable is not read
MENACE_CACHE_MAX=1Q expect_exit 0 menace gc --keep 1
SANDBOX_CYCLES=0 expect_exit 0 menace cycle -n 1 -q
