# menace presets --preset-file FILE (repeatable), SANDBOX_ENV_PRESETS and
# SANDBOX_PRESET_MODE=canonical: custom scenarios in menace's shape or the
# original's (a preset with SCENARIO_NAME, or a list of them), printed after
# the canonical ones; a custom preset of a canonical name takes its place;
# later sources win; bad sources are errors naming them
. "$TOP/tests/sh/lib.sh"
cat >a.json <<'J'
{"disk_full": {"low": {"DISK_FREE_MB": 10, "FAILURE_MODES": "disk_full"},
               "high": {"DISK_FREE_MB": 1, "FAILURE_MODES": "disk_full", "MEMORY_LIMIT": "1Gi"}},
 "hostile_input": {"high": {"FAILURE_MODES": "hostile_input", "MALICIOUS_DATA": false}}}
J
cat >b.json <<'J'
[{"SCENARIO_NAME": "net_down", "PACKET_LOSS": 1, "MODES": ["a", "b"], "OFFLINE": true},
 {"SCENARIO_NAME": "disk_full", "DISK_FREE_MB": 0}]
J
expect_exit 0 menace presets --preset-file a.json --preset-file=b.json
python3 - .out <<'P' || fail "the merged presets"
import json, sys
p = json.load(open(sys.argv[1]))
assert list(p) == ["high_latency_api", "hostile_input", "user_misuse", "concurrency_spike",
                   "schema_drift", "flaky_upstream", "disk_full", "net_down"], list(p)
# b.json's disk_full replaced a.json's, both levels
for lv in ("low", "high"):
    assert p["disk_full"][lv] == {"SCENARIO_NAME": "disk_full", "CPU_LIMIT": "1", "MEMORY_LIMIT": "512Mi",
                                  "DISK_FREE_MB": 0}, p["disk_full"]
n = p["net_down"]["high"]
assert list(n) == ["SCENARIO_NAME", "CPU_LIMIT", "MEMORY_LIMIT", "PACKET_LOSS", "MODES", "OFFLINE"], n
assert n["MODES"] == ["a", "b"] and n["OFFLINE"] is True and n["PACKET_LOSS"] == 1, n
# a canonical name: the custom preset in its place, one level given: both
assert p["hostile_input"]["low"]["MALICIOUS_DATA"] is False and p["hostile_input"]["high"] == p["hostile_input"]["low"]
assert p["user_misuse"]["low"]["INVALID_CONFIG"] is True
P
# SANDBOX_ENV_PRESETS after the files; --profiles names custom scenarios
SANDBOX_ENV_PRESETS='{"SCENARIO_NAME": "net_down", "PACKET_LOSS": 0.5}' expect_exit 0 menace presets --preset-file b.json --profiles net_down
assert_eq "$(python3 -c 'import json,sys; p = json.load(open(sys.argv[1])); print(list(p), p["net_down"]["low"].get("PACKET_LOSS"), "MODES" in p["net_down"]["low"])' .out)" "['net_down'] 0.5 False" "env preset"
# canonical mode: the built-in presets only, a note per source not read
SANDBOX_ENV_PRESETS='{"SCENARIO_NAME": "x"}' SANDBOX_PRESET_MODE=canonical expect_err 0 "menace: SANDBOX_PRESET_MODE=canonical: preset file 'a.json' not read" menace presets --preset-file a.json
assert_grep "menace: SANDBOX_PRESET_MODE=canonical: SANDBOX_ENV_PRESETS not read" .err
assert_eq "$(grep -c SCENARIO_NAME .out)" 12 "canonical presets"
menace presets >canonical.json
assert_file_eq .out canonical.json
SANDBOX_PRESET_MODE=random expect_err 2 "menace: SANDBOX_PRESET_MODE: 'random' is not a mode (canonical)" menace presets
# bad sources
expect_err 1 "menace: cannot read preset file 'none.json': No such file or directory" menace presets --preset-file none.json
echo '{"a": {"low": {"X": 1}' >bad.json
expect_exit 1 menace presets --preset-file bad.json
assert_grep "menace: bad.json:2:1: invalid JSON" .err
echo '{"a b": {"low": {"X": 1}}}' >bad.json
expect_err 1 "menace: bad.json: 'a b' is not a scenario name (letters, digits, '_', '.', '-')" menace presets --preset-file bad.json
echo '{"a": {"low": {"X-1": 1}}}' >bad.json
expect_err 1 "menace: bad.json: scenario 'a': 'X-1' is not a variable name" menace presets --preset-file bad.json
echo '{"a": {"mid": {"X": 1}}}' >bad.json
expect_err 1 "menace: bad.json: scenario 'a': unknown level 'mid' (low, high)" menace presets --preset-file bad.json
echo '{"a": {"low": {"X": {"y": 1}}}}' >bad.json
expect_err 1 "menace: bad.json: scenario 'a': X must be a string, number, boolean or list" menace presets --preset-file bad.json
echo '[{"X": 1}]' >bad.json
expect_err 1 "menace: bad.json: a preset without levels needs a SCENARIO_NAME string" menace presets --preset-file bad.json
SANDBOX_ENV_PRESETS='3' expect_err 1 "menace: SANDBOX_ENV_PRESETS: presets are a JSON object or a list of them" menace presets
