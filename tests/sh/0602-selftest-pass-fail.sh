# a passing test, a failing test, an import that raises: each is a result,
# written at DATA/selftest/<path>/<scenario>-<level>.json, and a metrics row
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
for m in good bad broken; do
	expect_exit 0 menace selftest --repo . --module pkg/$m.py --scenario hostile_input --level high
done
r=data/selftest/pkg/good.py/hostile_input-high.json
assert_eq "$(jget $r passed)" true "good passed"
assert_eq "$(jget $r exit_code)" 0
assert_eq "$(jget $r timed_out)" false
assert_eq "$(jget $r runner)" builtin "runner without pytest"
assert_eq "$(jget $r test)" tests/test_good.py
assert_eq "$(jget $r module)" pkg/good.py
assert_eq "$(jget $r scenario)" hostile_input
assert_eq "$(jget $r level)" high
jget $r output_tail >tail
assert_grep "2 passed, 0 failed" tail
r=data/selftest/pkg/bad.py/hostile_input-high.json
assert_eq "$(jget $r passed)" false "bad passed"
assert_eq "$(jget $r exit_code)" 1
assert_eq "$(jget $r test)" tests/pkg/test_bad.py
jget $r output_tail >tail
assert_grep "the answer is wrong" tail
r=data/selftest/pkg/broken.py/hostile_input-high.json
assert_eq "$(jget $r passed)" false "broken passed"
assert_eq "$(jget $r runner)" stub "runner without a test file"
assert_eq "$(jget $r test)" null
jget $r output_tail >tail
assert_grep "RuntimeError: broken at import" tail
q="select module || ':' || passed from selftest_runs where scenario = 'hostile_input' and level = 'high' order by module"
assert_eq "$(sqlite3 data/metrics.db "$q" | tr '\n' ' ')" "pkg/bad.py:0 pkg/broken.py:0 pkg/good.py:1 " "metrics rows"
# schema 3: integrate's integrations table, note's notes table (rules/metricsdb.c)
assert_eq "$(sqlite3 data/metrics.db 'pragma user_version')" 3 "schema version"
[ -z "$(ls -A . | grep -v -e '^pkg$' -e '^tests$' -e '^data$' -e '^tail$' -e '^\.')" ] || fail "files left in the repo: $(ls -A)"
