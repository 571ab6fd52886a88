#!/bin/sh
# every engine command has --help (stdout, exit 0) and rejects bad usage with exit 2
. "$TOP/tests/sh/lib.sh"
for c in build status explain clean trace; do
	expect_exit 0 menace "$c" --help
	assert_grep "usage: menace $c" .out
done
expect_exit 2 menace build --bogus
expect_exit 2 menace build -j 0
expect_exit 2 menace clean -x
expect_exit 2 menace trace a b
