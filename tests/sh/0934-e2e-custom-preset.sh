# a user-defined scenario in the selftest matrix: its preset comes from
# presets/*.json (the presets rule merges them into sandbox_data/presets.json,
# which every self-test reads), its variables reach the module through the
# harness like a built-in one's (tools/sanitize.py fails when MALICIOUS_DATA
# is true), its results are in metrics.db under its SCENARIO_NAME, and an
# edit of the preset file tests again; SANDBOX_ENV_PRESETS defines one too
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
sed -i 's/scenario: \[hostile_input\]/scenario: [evil_bytes, calm]/' rules/sandbox.yaml
grep -q 'scenario: \[evil_bytes, calm\]' rules/sandbox.yaml || fail "matrix not edited"
mkdir presets
cat >presets/evil.json <<'J'
{"evil_bytes": {"low": {"FAILURE_MODES": "bad_bytes", "MALICIOUS_DATA": true, "THREAT_INTENSITY": 40}}}
J
st='selftest[tools/sanitize.py,scenario=evil_bytes,level=low]'
SANDBOX_ENV_PRESETS='[{"SCENARIO_NAME": "calm", "FAILURE_MODES": "none"}]' e2e_build 1
e2e_ran 1 | grep -qxF "$st" || fail "the custom scenario did not run"
python3 - <<'P' || fail "results"
import json
p = json.load(open("sandbox_data/presets.json"))
assert p["evil_bytes"]["low"]["MALICIOUS_DATA"] is True and p["calm"]["high"]["FAILURE_MODES"] == "none", p
bad = json.load(open("sandbox_data/selftest/tools/sanitize.py/evil_bytes-low.json"))
good = json.load(open("sandbox_data/selftest/tools/sanitize.py/calm-low.json"))
assert bad["passed"] is False and good["passed"] is True, (bad, good)
s = json.load(open("sandbox_data/scores.json"))
assert s["tools/sanitize.py"]["failed_scenarios"] == ["evil_bytes-low"], s["tools/sanitize.py"]
P
n=$(sqlite3 sandbox_data/metrics.db "select count(*) from selftest_runs where scenario = 'evil_bytes' and module = 'tools/sanitize.py' and passed = 0")
assert_eq "$n" 1 "evil_bytes rows of sanitize in metrics.db"
# the same again: nothing runs
SANDBOX_ENV_PRESETS='[{"SCENARIO_NAME": "calm", "FAILURE_MODES": "none"}]' e2e_build 2
assert_eq "$(e2e_count 2 ran)" 0 "ran in build 2"
# the preset changes: the self-tests run again, sanitize now passes
sed -i 's/"MALICIOUS_DATA": true/"MALICIOUS_DATA": false/' presets/evil.json
SANDBOX_ENV_PRESETS='[{"SCENARIO_NAME": "calm", "FAILURE_MODES": "none"}]' e2e_build 3
e2e_ran 3 | grep -qxF "$st" || fail "the custom scenario did not run again"
python3 -c 'import json; assert json.load(open("sandbox_data/selftest/tools/sanitize.py/evil_bytes-low.json"))["passed"] is True' || fail "sanitize after the preset change"
# without SANDBOX_ENV_PRESETS the matrix names an unknown scenario
expect_exit 1 menace build
assert_grep "unknown scenario 'calm'" .err
