# examples/sandbox_repo/tools/rates.py has no test file: its stub test fails
# under hostile_input (valid JSON of another shape) and schema_drift (renamed
# keys) and passes under the other scenarios (docs/sandbox.md, "The
# self-test harness"); the same seed gives the same outcomes file
. "$TOP/tests/sh/lib.sh"
cat >run.py <<'PY'
import json, os, shutil, sys
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests", "harness"))
import client
repo = os.path.join(os.environ["TOP"], "examples", "sandbox_repo")
pool = client.Pool()
try:
    for sc, lv in [("high_latency_api", "high"), ("hostile_input", "low"), ("hostile_input", "high"),
                   ("user_misuse", "low"), ("concurrency_spike", "low"), ("schema_drift", "low"),
                   ("flaky_upstream", "high"), ("schema_drift", "low")]:
        req = client.request(repo, "tools/rates.py", sc, lv, seed=42)
        _, replies, _ = pool.run(req)
        lines = client.outcomes(req)
        s = lines[-1]["summary"]
        print(sc, lv, json.dumps(replies[-1]), s["functions"]["parse_rate"]["outcome"], s["failures"] > 0)
        with open("%s-%s.jsonl" % (sc, lv), "a") as f:
            f.write(json.dumps(lines) + "\n")
        shutil.rmtree(os.path.dirname(req["outcomes"]))
finally:
    pool.close()
PY
python3 run.py >got 2>err || { cat err >&2; fail "run.py"; }
cat >want <<'W'
high_latency_api high {"exit": 0} returned False
hostile_input low {"exit": 1} error True
hostile_input high {"exit": 1} error True
user_misuse low {"exit": 0} clean_error False
concurrency_spike low {"exit": 0} returned False
schema_drift low {"exit": 1} error True
flaky_upstream high {"exit": 0} returned False
schema_drift low {"exit": 1} error True
W
assert_file_eq got want
# the two schema_drift runs (same seed) wrote the same outcomes
[ "$(sed -n 1p schema_drift-low.jsonl)" = "$(sed -n 2p schema_drift-low.jsonl)" ] || fail "same seed, different outcomes"
