#!/bin/sh
# numbers out of range are manifest errors (exit 2): a timeout above
# 1000000 s (1e10 failed every run at once, "timed out after 1e+10s"), a
# pool depth above 1000000
. "$TOP/tests/sh/lib.sh"
for t in 1e10 1000000.5 1e308; do
	printf 'version: 1\nrules:\n  a: {run: "echo a > a.txt", out: [a.txt], timeout: %s}\n' "$t" >menace.yaml
	expect_err 2 "menace: menace.yaml:3:53: 'timeout' of rule 'a' must be at most 1000000 seconds, not '$t'" menace build
	[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "the state directory was made"
done
printf 'version: 1\nrules:\n  a: {run: "echo a > a.txt", out: [a.txt], timeout: 1000000}\n' >menace.yaml
expect_exit 0 menace build
[ -f a.txt ] || fail "no a.txt with the largest timeout"
for d in 1000001 0 -1 1.5 9999999999999999999; do
	printf 'version: 1\npools: {p: %s}\nrules:\n  a: {run: "true", pool: p}\n' "$d" >menace.yaml
	expect_err 2 "menace: menace.yaml:2:12: pool 'p' must be a whole number from 1 to 1000000, not '$d'" menace graph
done
