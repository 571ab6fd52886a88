# --profiles picks scenarios (aliases accepted, canonical order kept),
# --out writes the file, an unknown scenario is a usage error
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
expect_exit 0 menace presets --profiles upstream_failure malicious_data --out p.json
[ -s .out ] && fail "--out also printed"
python3 -c 'import json,sys; print(" ".join(json.load(open("p.json"))))' >keys
assert_eq "$(cat keys)" "hostile_input flaky_upstream" "profiles"
assert_eq "$(jget p.json flaky_upstream high UPSTREAM_FAILURES)" 5
assert_eq "$(jget p.json hostile_input low MALICIOUS_DATA)" true
expect_exit 0 menace presets --profiles=high_latency,schema_mismatch
python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)))' <.out >keys
assert_eq "$(cat keys)" "high_latency_api schema_drift" "--profiles=a,b"
expect_err 2 "menace: unknown scenario 'chaos'" menace presets --profiles hostile_input chaos --out q.json
[ -e q.json ] && fail "wrote q.json after an error"
expect_err 2 "menace: unknown option '--bogus'" menace presets --bogus
expect_exit 0 menace presets --help
assert_grep "--profiles" .out
