#!/bin/sh
# one getopt_long-style grammar for every command (issue 16, point 1):
# global options before or after the command, bundled short flags, a long
# form for every short flag, "--", a bare 'menace TARGET', variables checked
# as flags are, and a usage error of one line plus a hint, exit 2
. "$TOP/tests/sh/lib.sh"
mkdir proj
cat >proj/menace.yaml <<'Y'
version: 1
vars: {word: plain}
rules:
  up: {run: "echo up >> ../.runs; echo ${word} > up.txt", out: [up.txt]}
  other: {run: "echo other >> ../.runs; echo o > other.txt", out: [other.txt]}
  dash: {run: "echo dash >> ../.runs; echo d > ./-d.txt", out: [-d.txt]}
Y
cp proj/menace.yaml proj/alt.yaml
# a bare target builds it, as 'make up' and 'ninja up' do
runs_reset
expect_exit 0 menace -C proj up
check_rebuilt up
check_not_rebuilt other dash
# global options after the command (was: unknown option '-C')
runs_reset
expect_exit 0 menace build -C proj other
check_rebuilt other
expect_exit 0 menace status up --directory=proj
expect_exit 0 menace status --file proj/alt.yaml up
expect_exit 0 menace build up --directory proj --define word=defined -q
check_rebuilt up
assert_eq "$(cat proj/up.txt)" defined "-D after the command"
# bundled short flags and the long forms
rm -f proj/up.txt proj/other.txt proj/./-d.txt
runs_reset
expect_exit 0 menace -C proj -qn
assert_grep "echo o > other.txt" .out
check_nothing_ran
expect_exit 0 menace build -C proj --dry-run --quiet --jobs 2 --keep-going=0
assert_grep "echo o > other.txt" .out
check_nothing_ran
expect_exit 0 menace -C proj -qk0 -j2
check_rebuilt dash
[ -e proj/up.txt ] && [ -e proj/other.txt ] || fail "-qk0 -j2 did not build"
# "--" ends the options: '-d.txt' is an output path
rm proj/-d.txt
runs_reset
expect_exit 0 menace -C proj build --no-cache -- -d.txt
check_rebuilt dash
runs_reset
expect_exit 0 menace -C proj -- -d.txt
check_nothing_ran
# a usage error: one line with a did-you-mean, one hint, exit 2, nothing run
runs_reset
expect_err 2 "menace: unknown option '--jbos' (did you mean '--jobs'?)" menace -C proj build --jbos 3
assert_grep "menace: see 'menace build --help'" .err
assert_eq "$(wc -l <.err)" 2 "lines of a usage error"
[ ! -s .out ] || fail "a usage error wrote to stdout"
expect_err 2 "menace: unknown option '--dryrun' (did you mean '--dry-run'?)" menace -C proj --dryrun
expect_err 2 "menace: unknown option '-x'" menace -C proj build -qx
assert_eq "$(wc -l <.err)" 2 "lines of a usage error"
expect_err 2 "menace: unknown option '--verbsoe' (did you mean '--verbose'?)" menace -C proj status --verbsoe
assert_grep "menace: see 'menace status --help'" .err
check_nothing_ran
# an environment default is checked as its flag is (was: silently ignored)
MENACE_JOBS=abc expect_err 2 "menace: MENACE_JOBS: 'abc' is not a count from 1 to 1000000" menace -C proj
MENACE_JOBS=0 expect_err 2 "menace: MENACE_JOBS: '0' is not a count from 1 to 1000000" menace -C proj cycle -n 1
MENACE_JOBS=abc expect_exit 0 menace -C proj -j 2
MENACE_JOBS=3 expect_exit 0 menace -C proj
check_nothing_ran
