#!/bin/sh
# lists and maps nest at most 64 levels: a 100,000-deep [[[...]]] is refused
# at once at the place of the 65th level (it took 30-120 s, quadratic in the
# parser); 64 levels are read
. "$TOP/tests/sh/lib.sh"
deep() { # N: a var nested N levels below the top-level map and vars
	python3 -c "import sys; n=int(sys.argv[1]); print('version: 1\nrules: {}\nvars:\n  x: ' + '['*n + ']'*n)" "$1"
}
deep 100000 >menace.yaml
start=$(date +%s)
expect_err 2 "menace: menace.yaml:4:68: lists and maps nested deeper than 64 levels" timeout 20 "$MENACE" graph
[ $(( $(date +%s) - start )) -le 5 ] || fail "took more than 5 s"
# the same as maps in an include, also in a build (nothing written)
python3 -c "print('a:\n' + ''.join('  '*i + 'k%d:\n' % i for i in range(1, 70)))" >deep.yaml
printf 'version: 1\ninclude: deep.yaml\nrules: {}\n' >menace.yaml
expect_err 2 "menace: deep.yaml:65:129: lists and maps nested deeper than 64 levels" menace build
[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "the state directory was made"
# 64 levels in all: the loader's own message about the value
deep 62 >menace.yaml
expect_err 2 "menace: menace.yaml:4:6: var 'x' must be a string, not a list" menace graph
deep 63 >menace.yaml
expect_err 2 "menace: menace.yaml:4:68: lists and maps nested deeper than 64 levels" menace graph
