#!/bin/sh
# every engine command has --help (stdout, exit 0) and rejects bad usage with exit 2
. "$TOP/tests/sh/lib.sh"
# a good manifest, so a usage error is the only reason left to exit 2
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs"}
Y
for c in build status explain clean trace; do
	expect_exit 0 menace "$c" --help
	assert_grep "usage: menace $c" .out
	[ ! -s .err ] || { cat .err >&2; fail "'$c --help' wrote to stderr"; }
done
bu="menace: see 'menace build --help'"
runs_reset
expect_err 2 "menace: unknown option '--bogus'" menace build --bogus
assert_grep "$bu" .err
expect_err 2 "$bu" menace build -j 0
expect_err 2 "menace: see 'menace clean --help'" menace clean -x
expect_err 2 'menace: usage: menace trace [FILE]' menace trace a b
assert_grep "menace: see 'menace trace --help'" .err
check_nothing_ran
[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "a usage error opened the workspace"
# the same commands used well get past their usage checks
expect_exit 0 menace build -j 1
check_rebuilt a
expect_exit 0 menace clean
expect_exit 0 menace trace
