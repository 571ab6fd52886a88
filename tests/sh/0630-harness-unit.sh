# the self-test harness's own tests (tests/harness/test_*.py, unittest),
# under every interpreter we have: python3 on PATH and /usr/bin/python3
# (one of them without pytest, one with it, on the build machine)
. "$TOP/tests/sh/lib.sh"
ran=0
for py in python3 /usr/bin/python3; do
	command -v "$py" >/dev/null 2>&1 || continue
	ran=$((ran + 1))
	(cd "$TOP/tests/harness" && "$py" -m unittest test_effects test_isolation test_runners) >out 2>&1 ||
		{ cat out >&2; fail "harness tests under $py"; }
	grep -q '^OK' out || { cat out >&2; fail "no OK from $py"; }
done
[ $ran -gt 0 ] || fail "no python3"
