#!/bin/sh
# a manifest error exits 2 and writes nothing: no state directory (it was
# made before the manifest was read), for any command that reads it
. "$TOP/tests/sh/lib.sh"
printf 'version: 1\nrules:\n  a: {run: true, ouput: x}\n' >menace.yaml
for cmd in build clean status "explain a"; do
	expect_err 2 "menace: menace.yaml:3:18: unknown key 'ouput' in rule 'a' (did you mean 'out'?)" menace $cmd
	assert_eq "$(ls -A | grep -vx -e .out -e .err)" menace.yaml "files after '$cmd'"
done
printf 'version: 1\ninclude: none.yaml\nrules: {}\n' >menace.yaml
noinc="menace: menace.yaml:2:10: cannot read include 'none.yaml': No such file or directory"
expect_err 2 "$noinc" menace build
SANDBOX_DATA_DIR=deep/state expect_err 2 "$noinc" menace build
assert_eq "$(ls -A | grep -vx -e .out -e .err)" menace.yaml "files after a missing include"
# a good manifest makes it
printf 'version: 1\nrules:\n  a: {run: "echo a > a.txt", out: [a.txt]}\n' >menace.yaml
expect_exit 0 menace build
[ -f .menace/menace.db ] || fail "no state after a good build"
