# several selftests at once all land in metrics.db (WAL, busy timeout)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
pids=""
for s in high_latency_api hostile_input user_misuse concurrency_spike schema_drift flaky_upstream; do
	for l in low high; do
		"$MENACE" selftest --repo=. --module=pkg/helper.py --scenario=$s --level=$l >/dev/null 2>>errs &
		pids="$pids $!"
	done
done
for p in $pids; do wait $p || fail "a selftest failed: $(cat errs)"; done
[ -s errs ] && fail "stderr: $(cat errs)"
assert_eq "$(sqlite3 data/metrics.db 'select count(*) from selftest_runs')" 12 "rows"
assert_eq "$(sqlite3 data/metrics.db "select count(*) from selftest_runs where scenario='schema_drift' and passed=1")" 2 "schema_drift rows"
assert_eq "$(ls data/selftest/pkg/helper.py | wc -l)" 12 "result files"
assert_eq "$(sqlite3 data/metrics.db 'pragma journal_mode')" wal
