# menace metrics: the build counters, with HELP/TYPE lines, match what the
# sqlite3 CLI reads from the build log; no menace.db (nor metrics.db): zeros
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace metrics
for m in menace_builds_total menace_rules_run_total menace_rules_cached_total \
         menace_rules_restored_total menace_rules_failed_total menace_rules_skipped_total; do
	assert_grep "# TYPE $m counter" .out
	grep -q "^# HELP $m " .out || fail "no HELP for $m"
	assert_grep "$m 0" .out
done
assert_grep '# TYPE menace_build_duration_seconds gauge' .out
grep -qx 'menace_build_duration_seconds 0' .out || fail "duration without a build"
[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "metrics created the data directory"

cat >menace.yaml <<'Y'
version: 1
rules:
  a:
    run: echo a > a.txt
    out: [a.txt]
  b:
    run: cat a.txt > b.txt
    in: [a.txt]
    out: [b.txt]
  c:
    run: cat b.txt > c.txt
    in: [b.txt]
    out: [c.txt]
    cache: false
Y
expect_exit 0 menace build -q
expect_exit 0 menace build -q
rm c.txt b.txt            # b comes back from the cache, c runs again
expect_exit 0 menace build -q
sed -i 's/echo a/echo A/' menace.yaml
expect_exit 0 menace build -q

expect_exit 0 menace metrics
q() { sqlite3 .menace/menace.db "$1"; }
assert_eq "$(grep '^menace_builds_total ' .out)" "menace_builds_total $(q 'select count(*) from runs')"
assert_eq "$(grep '^menace_rules_run_total ' .out)" "menace_rules_run_total $(q 'select sum(ran) from runs')"
assert_eq "$(grep '^menace_rules_cached_total ' .out)" "menace_rules_cached_total $(q 'select sum(cached) from runs')"
assert_eq "$(grep '^menace_rules_restored_total ' .out)" "menace_rules_restored_total $(q 'select sum(restored) from runs')"
assert_eq "$(grep '^menace_rules_failed_total ' .out)" "menace_rules_failed_total $(q 'select sum(failed) from runs')"
# the figures themselves: 4 builds; 3 + 0 + 1 + 3 ran, one restore
assert_eq "$(grep '^menace_builds_total ' .out)" "menace_builds_total 4"
assert_eq "$(grep '^menace_rules_run_total ' .out)" "menace_rules_run_total 7"
assert_eq "$(grep '^menace_rules_restored_total ' .out)" "menace_rules_restored_total 1"
d=$(q "select printf('%.6f', (finished_at - started_at) / 1e9) from runs order by id desc limit 1")
assert_eq "$(grep '^menace_build_duration_seconds' .out)" "menace_build_duration_seconds{command=\"build\",status=\"0\"} $d"
# the sandbox metrics are still there, first
assert_grep '# TYPE self_test_passed_total counter' .out
# a state database that is not one: exit 3
rm -rf .menace && mkdir .menace && echo junk >.menace/menace.db
expect_err 3 "menace: cannot use state '.menace/menace.db': file is not a database" menace metrics
