# RAROI by hand: sigma over the last five roi deltas (the oldest of six
# dropped), a hostile_input failure, a critical impact severity from
# config/impact_severity.yaml, an older <scenario>.json result name
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_score
expect_exit 0 menace score --data data --repo .
s=data/scores.json
# pkg/a.py: 3 of 4 runs passed; previous roi 1.0 -> delta -0.25;
# last five deltas -0.5 0.25 -0.25 0.5 -0.25: mean -0.05, squares of the
# deviations 0.2025 0.09 0.04 0.3025 0.04 = 0.675, sigma = sqrt(0.135);
# standard 0.5 * rollback 0.25; safety 1/(1+1)
assert_near "$(jget $s pkg/a.py pass_rate)" 0.75 "a pass_rate"
assert_near "$(jget $s pkg/a.py roi)" 0.75 "a roi"
assert_near "$(jget $s pkg/a.py roi_delta)" -0.25 "a roi_delta"
assert_near "$(jget $s pkg/a.py sigma)" 0.36742346141747673 "a sigma"
assert_near "$(jget $s pkg/a.py safety)" 0.5 "a safety"
assert_near "$(jget $s pkg/a.py raroi)" "$(python3 -c 'print(0.75 * (1 - 0.25 * 0.5) * (1 - 0.135 ** 0.5) * 0.5)')" "a raroi"
assert_eq "$(jget $s pkg/a.py failed_scenarios)" '["hostile_input-low"]'
# pkg/b.py: critical (0.9), 1 of 2 passed, first run: delta = roi, sigma 0;
# a user_misuse failure: 0.5 * (1 - 0.5*0.9) * 1 * 1/2 = 0.1375
assert_eq "$(jget $s pkg/b.py impact_type)" critical
assert_near "$(jget $s pkg/b.py impact_severity)" 0.9 "b impact"
assert_near "$(jget $s pkg/b.py roi_delta)" 0.5 "b roi_delta"
assert_near "$(jget $s pkg/b.py raroi)" 0.1375 "b raroi"
# pkg/c.py: both runs passed (one named flaky_upstream.json)
assert_eq "$(jget $s pkg/c.py runs)" 2 "c runs"
assert_near "$(jget $s pkg/c.py raroi)" 1 "c raroi"
# the history grew by one run
h=data/roi_history.json
assert_eq "$(jget $h module_deltas pkg/a.py)" '[1, -0.5, 0.25, -0.25, 0.5, -0.25]'
assert_near "$(jget $h roi_history 2)" 0.75 "mean roi"
assert_near "$(jget $h module_roi pkg/b.py)" 0.5 "b roi kept"
q="select module || ' ' || round(raroi, 4) from module_scores order by module"
assert_eq "$(sqlite3 data/metrics.db "$q" | tr '\n' ',')" "pkg/a.py 0.2076,pkg/b.py 0.1375,pkg/c.py 1.0," "metrics rows"
