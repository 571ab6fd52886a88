# the engine's --KEY=VALUE forms: any case, '_' for '-'; the default result
# name carries the canonical scenario and the level; --data moves it
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_exit 0 menace selftest --REPO=. --Module=pkg/good.py --scenario=upstream_failure --LEVEL=high --data=d2
assert_eq "$(jget d2/selftest/pkg/good.py/flaky_upstream-high.json passed)" true
[ -e data ] && fail "--data ignored"
expect_exit 0 menace selftest --repo . --module pkg/good.py --scenario schema_drift --timeout=5 --python=python3 --discovered=none.json
assert_eq "$(jget data/selftest/pkg/good.py/schema_drift-low.json level)" low "default level"
expect_exit 0 menace score --DATA=d2 --Repo=.
assert_near "$(jget d2/scores.json pkg/good.py roi)" 1 "score with --KEY=VALUE"
