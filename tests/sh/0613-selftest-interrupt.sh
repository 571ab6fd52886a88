# SIGTERM to selftest kills the test's process group, removes the temporary
# directory, writes no result and exits 130
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
mkdir tmp
TMPDIR=$PWD/tmp SELF_TEST_TIMEOUT=60 "$MENACE" selftest --repo . --module pkg/sleeper.py --scenario hostile_input --out r.json 2>err &
pid=$!
# wait until selftest has forked the test (its signal handlers are set by then)
i=0
until child=$(ps -o pid= --ppid $pid | tr -d ' ') && [ -n "$child" ]; do
	i=$((i + 1))
	[ $i -gt 400 ] && fail "the test never started"
	sleep 0.05
done
kill -TERM $pid
wait $pid
rc=$?
assert_eq "$rc" 130 "exit status"
assert_grep "menace: interrupted" err
[ -e r.json ] && fail "a result was written"
[ -z "$(ls -A tmp)" ] || fail "temporary directory left: $(ls -A tmp)"
for c in $child; do
	kill -0 $c 2>/dev/null && fail "the test still runs ($c)"
done
exit 0
