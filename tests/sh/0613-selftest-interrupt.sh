# SIGTERM to selftest kills the test's process group, removes the temporary
# directory, writes no result and exits 130
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
mkdir tmp
TMPDIR=$PWD/tmp SELF_TEST_TIMEOUT=60 "$MENACE" selftest --repo . --module pkg/sleeper.py --scenario hostile_input --out r.json 2>err &
pid=$!
# wait until the child runs (its command line names the module)
i=0
until ps -eo args | grep -v grep | grep -q "pkg.sleeper"; do
	i=$((i + 1))
	[ $i -gt 200 ] && fail "the test never started"
	sleep 0.05
done
kill -TERM $pid
wait $pid
rc=$?
assert_eq "$rc" 130 "exit status"
assert_grep "menace: interrupted" err
[ -e r.json ] && fail "a result was written"
[ -z "$(ls -A tmp)" ] || fail "temporary directory left: $(ls -A tmp)"
ps -eo args | grep -v grep | grep -q "pkg.sleeper" && fail "the test still runs"
exit 0
