# a module that sleeps or spins past SELF_TEST_TIMEOUT is killed with its
# process group: timed_out, not passed; fractional timeouts work
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_exit 0 env SELF_TEST_TIMEOUT=1 "$MENACE" selftest --repo . --module pkg/sleeper.py --scenario flaky_upstream --out s.json
assert_eq "$(jget s.json timed_out)" true "sleeper timed out"
assert_eq "$(jget s.json passed)" false
assert_eq "$(jget s.json exit_code)" -9
expect_exit 0 env SELF_TEST_TIMEOUT=0.5 "$MENACE" selftest --repo=. --module=pkg/spin.py --scenario=flaky_upstream --out=p.json
assert_eq "$(jget p.json timed_out)" true "spin timed out"
assert_eq "$(jget p.json passed)" false
# the flag beats the variable
expect_exit 0 env SELF_TEST_TIMEOUT=300 "$MENACE" selftest --repo . --module pkg/sleeper.py --scenario flaky_upstream --timeout 0.3 --out f.json
assert_eq "$(jget f.json timed_out)" true "--timeout"
expect_err 2 "menace: SELF_TEST_TIMEOUT: 'soon' is not a number" env SELF_TEST_TIMEOUT=soon "$MENACE" selftest --repo . --module pkg/good.py --scenario flaky_upstream
expect_err 2 "menace: SELF_TEST_TIMEOUT: '0' is not a positive number of seconds" env SELF_TEST_TIMEOUT=0 "$MENACE" selftest --repo . --module pkg/good.py --scenario flaky_upstream
