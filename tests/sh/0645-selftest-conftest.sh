# the repository's conftest.py files are used by default (SELF_TEST_CONFTEST,
# --conftest yes|no); skipped, a broken one no longer fails the test. The
# depfile lists them only when they are used. (pytest runner: the harness)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
export SANDBOX_PYTHON=/usr/bin/python3
printf 'raise RuntimeError("conftest was loaded")\n' >conftest.py
expect_exit 0 menace selftest --module pkg/good.py --scenario hostile_input --out yes.json --depfile yes.d
assert_eq "$(jget yes.json runner)" pytest
assert_eq "$(jget yes.json passed)" false "with the broken conftest.py"
jget yes.json output_tail >tail
assert_grep "conftest was loaded" tail
assert_grep "conftest.py" yes.d
expect_exit 0 menace selftest --module pkg/good.py --scenario hostile_input --conftest no --out no.json --depfile no.d
assert_eq "$(jget no.json passed)" true "--conftest no"
assert_no_grep "conftest.py" no.d
expect_exit 0 env SELF_TEST_CONFTEST=no "$MENACE" selftest --module pkg/good.py --scenario hostile_input --out env.json
assert_eq "$(jget env.json passed)" true "SELF_TEST_CONFTEST=no"
expect_exit 0 env SELF_TEST_CONFTEST=no "$MENACE" selftest --module pkg/good.py --scenario hostile_input --conftest=yes --out flag.json
assert_eq "$(jget flag.json passed)" false "the flag beats the variable"
expect_err 2 "menace: --conftest: 'maybe' is not a boolean" menace selftest --module pkg/good.py --scenario hostile_input --conftest maybe
expect_err 2 "menace: SELF_TEST_CALL_TIMEOUT: '0' is not a positive number of seconds" env SELF_TEST_CALL_TIMEOUT=0 "$MENACE" selftest --module pkg/good.py --scenario hostile_input
expect_err 2 "menace: --call-timeout: 'soon' is not a duration" menace selftest --module pkg/good.py --scenario hostile_input --call-timeout soon
