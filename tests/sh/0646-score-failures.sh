# hostile_failures and misuse_failures sum each result's "failures" (format
# 2: failing calls and tests, a failed import) over both levels; a format-1
# result counts 1 when it did not pass. safety = 1 / (1 + both)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir -p pkg data/selftest/pkg/a.py
echo 'x = 1' >pkg/a.py
r() { printf '{"version": %s, "module": "pkg/a.py", "scenario": "%s", "level": "%s", "passed": %s%s}\n' "$@"; }
r 2 hostile_input low false ', "failures": 3' >data/selftest/pkg/a.py/hostile_input-low.json
r 2 hostile_input high false ', "failures": 2' >data/selftest/pkg/a.py/hostile_input-high.json
r 1 user_misuse low false '' >data/selftest/pkg/a.py/user_misuse-low.json
r 2 user_misuse high true ', "failures": 0' >data/selftest/pkg/a.py/user_misuse-high.json
r 2 schema_drift low false ', "failures": 4' >data/selftest/pkg/a.py/schema_drift-low.json
expect_exit 0 menace score --repo .
assert_eq "$(jget data/scores.json pkg/a.py hostile_failures)" 5 "hostile_failures"
assert_eq "$(jget data/scores.json pkg/a.py misuse_failures)" 1 "misuse_failures"
assert_near "$(jget data/scores.json pkg/a.py safety)" "$(python3 -c 'print(1 / 7)')" "safety"
assert_near "$(jget data/scores.json pkg/a.py pass_rate)" 0.2 "pass_rate counts runs"
