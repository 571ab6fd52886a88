# the child sees the preset's variables as strings, a fresh empty HOME and
# TMPDIR (removed afterwards), stdin from /dev/null, its own process group,
# the repo on PYTHONPATH and nothing of menace's own environment (the
# assertions are in tests/test_envcheck.py)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
mkdir tmp
expect_exit 0 env TMPDIR=$PWD/tmp MENACE_JOBS=3 MENACE_SELFTEST_ARGS=x ENVCHECK_USER=1 "$MENACE" selftest --repo . --module pkg/envcheck.py --scenario hostile_input --level high --out hi.json
jget hi.json output_tail >tail
assert_eq "$(jget hi.json passed)" true "environment checks"
assert_grep "6 passed, 0 failed" tail
[ -z "$(ls -A tmp)" ] || fail "temporary directory left behind: $(ls -A tmp)"
# the low level has THREAT_INTENSITY 30: the same checks fail
expect_exit 0 menace selftest --repo . --module pkg/envcheck.py --scenario malicious_data --level low --out lo.json
assert_eq "$(jget lo.json passed)" false "low level"
jget lo.json output_tail >tail
assert_grep "FAILED test_preset_variables" tail
assert_grep "5 passed, 1 failed" tail
assert_eq "$(jget lo.json scenario)" hostile_input "alias resolved"
