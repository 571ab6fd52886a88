# menace cycle: -n 3 stops after the second cycle (score did not run: converged),
# one threshold_log.jsonl line per cycle with the documented keys; an edit that
# leaves every ROI unchanged converges with mean |roi_delta| 0.000; the manifest
# is found again on every cycle when given as -f DIR/menace.yaml
. "$TOP/tests/sh/lib.sh"
mkdir w && cp -R "$TOP/tests/fixtures/cycle_small/." w/
expect_exit 0 menace -f w/menace.yaml cycle -n 3 -q
assert_grep 'menace: cycle 1 of 3: 7 ran, mean |roi_delta| 1.000, not converged' .err
assert_grep 'menace: cycle 2 of 3: 0 ran, not scored, converged' .err
assert_no_grep 'cycle 3 of 3' .err
log=w/sandbox_data/threshold_log.jsonl
assert_eq "$(wc -l <"$log")" 2 "threshold_log lines"
python3 - "$log" <<'PY' || fail "threshold_log.jsonl content"
import json, sys, time
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [list(l) for l in lines] == [["timestamp", "run", "roi_threshold", "synergy_threshold", "converged"]] * 2, lines
assert [l["run"] for l in lines] == [1, 2]
assert [l["converged"] for l in lines] == [False, True]
assert all(l["synergy_threshold"] is None for l in lines)
# the mean "diminishing" of scores.json: 0.01 * (1 + sigma), sigma 0 on a first run
assert all(abs(l["roi_threshold"] - 0.01) < 1e-12 for l in lines), lines
assert all(isinstance(l["timestamp"], float) and abs(l["timestamp"] - time.time()) < 600 for l in lines)
PY
# both builds are in the build log as "cycle"
assert_eq "$(sqlite3 w/.menace/menace.db "select group_concat(command || ':' || ran, ' ') from runs")" "cycle:7 cycle:0" "build log"

# an edit re-tests one module; its ROI is unchanged: converged at once
# (the first of at most 5 cycles, the default)
echo "# edited" >>w/repo/tools/neg.py
expect_exit 0 menace -f w/menace.yaml cycle -q
assert_grep 'menace: cycle 1 of 5: 5 ran, mean |roi_delta| 0.000, converged' .err
assert_eq "$(wc -l <"$log")" 3 "threshold_log lines"
tail -n 1 "$log" | grep -q '"run":1,' || fail "run of the third line"
tail -n 1 "$log" | grep -q '"converged":true}' || fail "converged of the third line"

# SANDBOX_CYCLES sets N; ROI_THRESHOLD wins over the scores' diminishing
SANDBOX_CYCLES=2 ROI_THRESHOLD=0.25 expect_exit 0 menace -f w/menace.yaml cycle -q
assert_grep 'menace: cycle 1 of 2: ' .err
tail -n 1 "$log" | grep -q '"roi_threshold":0.25,' || fail "ROI_THRESHOLD not logged"
