# SELF_TEST_RUNNER (and --runner): builtin runs a test file with menace's
# runner although the interpreter has pytest; pytest without pytest is a
# clear failure (exit 1, no result); auto is the default; a bad value is
# a usage error (exit 2); the flag beats the variable
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
/usr/bin/python3 -c 'import pytest' 2>/dev/null || fail "/usr/bin/python3 has no pytest (make deps installs python3-pytest)"
st() { env SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . --scenario user_misuse "$@"; }
expect_exit 0 env SELF_TEST_RUNNER=builtin SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . \
	--scenario user_misuse --module pkg/good.py --out b.json
assert_eq "$(jget b.json runner)" builtin "SELF_TEST_RUNNER=builtin"
assert_eq "$(jget b.json passed)" true "builtin runner"
expect_exit 0 st --module pkg/good.py --runner builtin --out f.json
assert_eq "$(jget f.json runner)" builtin "--runner builtin"
expect_exit 0 env SELF_TEST_RUNNER=builtin SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . \
	--scenario user_misuse --module pkg/good.py --runner pytest --out p.json
assert_eq "$(jget p.json runner)" pytest "--runner beats SELF_TEST_RUNNER"
expect_exit 0 env SELF_TEST_RUNNER=auto SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . \
	--scenario user_misuse --module pkg/good.py --out a.json
assert_eq "$(jget a.json runner)" pytest "auto with pytest"
# a module without a test file is stub-tested whatever the runner
expect_exit 0 st --module pkg/helper.py --runner builtin --out s.json
assert_eq "$(jget s.json runner)" stub "no test file"
# pytest asked for, missing
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >nopytest
chmod +x nopytest
expect_exit 1 env SELF_TEST_RUNNER=pytest SANDBOX_PYTHON=$PWD/nopytest "$MENACE" selftest --repo . \
	--scenario user_misuse --module pkg/good.py --out n.json
grep -q "^menace: SELF_TEST_RUNNER is pytest, but /.*python3.* has no pytest$" "$T/.err" ||
	fail "no message for a missing pytest: $(cat "$T/.err")"
[ ! -e n.json ] || fail "a result was written without a run"
expect_err 2 "menace: unknown runner 'nose' (auto, pytest or builtin)" env SELF_TEST_RUNNER=nose \
	SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . --scenario user_misuse \
	--module pkg/good.py --out x.json
