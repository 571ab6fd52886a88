# with an interpreter that has pytest the test file runs under pytest
# (fixtures work); without, the builtin runner cannot give fixtures
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
/usr/bin/python3 -c 'import pytest' 2>/dev/null || fail "/usr/bin/python3 has no pytest (make deps installs python3-pytest)"
expect_exit 0 env SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . --module pkg/withpytest.py --scenario user_misuse --out py.json
assert_eq "$(jget py.json runner)" pytest
assert_eq "$(jget py.json passed)" true "under pytest"
assert_eq "$(jget py.json test)" pkg/test_withpytest.py
jget py.json output_tail >tail
assert_grep "2 passed" tail
[ -e .pytest_cache ] && fail "pytest wrote its cache into the repo"
expect_exit 0 env SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" selftest --repo . --module pkg/bad.py --scenario user_misuse --out bad.json
assert_eq "$(jget bad.json runner)" pytest
assert_eq "$(jget bad.json passed)" false "failing under pytest"
# a python without pytest: the builtin runner
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >nopytest
chmod +x nopytest
expect_exit 0 env SANDBOX_PYTHON=$PWD/nopytest "$MENACE" selftest --repo . --module pkg/good.py --scenario user_misuse --out b.json
assert_eq "$(jget b.json runner)" builtin
assert_eq "$(jget b.json passed)" true "builtin runner"
expect_exit 0 env SANDBOX_PYTHON=$PWD/nopytest "$MENACE" selftest --repo . --module pkg/withpytest.py --scenario user_misuse --out w.json
assert_eq "$(jget w.json runner)" builtin
assert_eq "$(jget w.json passed)" false "pytest-only test without pytest"
