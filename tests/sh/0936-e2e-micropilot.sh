# confidence and micro-pilots: with one run per module (the small matrix)
# every module's confidence is 0.2065 (1 - the width of the 95% Wilson
# interval of 1 pass in 1 run), under BORDERLINE_CONFIDENCE_THRESHOLD=0.5
# each is borderline; MICROPILOT_MODE=auto runs its self-test under the five
# trajectory presets in the same build and scores.json has the verdict and
# the stability; a module that passes its self-tests but fails as the
# trajectory escalates is rejected by integrate (micropilot); queue only
# records them (auto later runs them); off: none; a bad mode is refused
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
# a module whose test fails once THREAT_INTENSITY passes 30 (hostile_input/low
# gives 30): fine under the self-tests, fragile along the trajectory
cat >repo/tools/fragile.py <<'PY'
"""Threshold checks that only hold for mild threats."""
import os


def intensity():
    """The threat intensity of the environment (0 when unset)."""
    return int(os.environ.get("THREAT_INTENSITY", "0"))
PY
cat >repo/tests/test_fragile.py <<'PY'
from tools.fragile import intensity


def test_mild():
    assert intensity() <= 30
PY
e2e_build 1
assert_eq "$(cat sandbox_data/micropilot_queue.json)" "[]" "queue without thresholds"
python3 - <<'P' || fail "scores without thresholds"
import json
s = json.load(open("sandbox_data/scores.json"))
e = s["tools/fragile.py"]
assert abs(e["confidence"] - 0.2065) < 1e-3 and e["borderline"] is False and "micropilot" not in e, e
P
assert_grep 'tools/fragile.py: integrated' err.1

# queue: recorded, nothing run
export BORDERLINE_CONFIDENCE_THRESHOLD=0.5
MICROPILOT_MODE=queue e2e_build 2
assert_eq "$(e2e_ran 2 | grep -c '^micropilot')" 0 "micro-pilots in queue mode"
python3 -c 'import json; e = json.load(open("sandbox_data/scores.json"))["tools/fragile.py"]; assert e["borderline"] and e["micropilot"] == {"verdict": "queued"}, e' || fail "queued"
assert_grep '"confidence_threshold":0.5' sandbox_data/borderline_bucket.jsonl

# auto (the default): the queued modules' micro-pilots run now
e2e_build 3
e2e_ran 3 >ran.3
for stage in baseline latency_spike io_cpu_strain schema_drift chaotic_failure; do
	grep -qxF "micropilot[tools/fragile.py,stage=$stage]" ran.3 || fail "no $stage micro-pilot"
done
python3 - <<'P' || fail "verdicts"
import json
s = json.load(open("sandbox_data/scores.json"))
f = s["tools/fragile.py"]["micropilot"]
assert f["verdict"] == "rejected" and f["stability"] == 0 and f["failed_at"] == "latency_spike", f
assert f["stages"] == {"baseline": True, "latency_spike": False, "io_cpu_strain": False,
                       "schema_drift": False, "chaotic_failure": False}, f
a = s["tools/audit.py"]["micropilot"]
assert a["verdict"] == "promoted" and a["stability"] == 1, a
q = json.load(open("sandbox_data/micropilot_queue.json"))
assert "tools/fragile.py" in q and q == sorted(q), q
P
assert_grep 'tools/fragile.py: rejected (micropilot)' err.3
assert_grep 'tools/audit.py: kept' err.3
[ -s sandbox_data/micropilot/tools/fragile.py/chaotic_failure.json ] || fail "no result file"
n=$(sqlite3 sandbox_data/metrics.db "select count(*) from selftest_runs where scenario = 'latency_spike' and module = 'tools/fragile.py' and level = 'high'")
assert_eq "$n" 1 "latency_spike rows"
# nothing changed: nothing runs
e2e_build 4
assert_eq "$(e2e_count 4 ran)" 0 "ran in build 4"

# off: no micro-pilot, their results removed
MICROPILOT_MODE=off e2e_build 5
python3 -c 'import json; e = json.load(open("sandbox_data/scores.json"))["tools/fragile.py"]; assert e["borderline"] and "micropilot" not in e, e' || fail "off"
[ ! -e sandbox_data/micropilot/tools/fragile.py/baseline.json ] || fail "micro-pilot results kept"
MICROPILOT_MODE=sometimes expect_err 2 "menace: MICROPILOT_MODE: 'sometimes' is not auto, queue or off" menace score
