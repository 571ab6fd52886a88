# menace cycle without -n and SANDBOX_CYCLES runs up to 5 cycles, as the
# original's SANDBOX_CYCLES=5; --json FILE writes one cycle event each
. "$TOP/tests/sh/lib.sh"
# a "score" whose roi_delta is 1 each time, with new content every build:
# never converged
cat >menace.yaml <<'Y'
version: 1
rules:
  score:
    run: >-
      n=$(cat n 2>/dev/null || echo 0); n=$((n + 1)); echo $n >n;
      mkdir -p sandbox_data;
      echo "{\"m.py\": {\"roi_delta\": 1, \"n\": $n}}" >sandbox_data/scores.json
    out: [sandbox_data/scores.json]
    always: true
Y
expect_exit 0 menace cycle -q --json events.jsonl
assert_grep 'menace: cycle 5 of 5: 1 ran, mean |roi_delta| 1.000, not converged' .err
assert_no_grep 'cycle 6' .err
assert_eq "$(wc -l <sandbox_data/threshold_log.jsonl)" 5 "threshold lines"
assert_eq "$(grep -c '"event":"cycle"' events.jsonl)" 5 "cycle events"
assert_eq "$(cat n)" 5 "builds"
# SANDBOX_CYCLES and -n still set it
SANDBOX_CYCLES=2 expect_exit 0 menace cycle -q
assert_grep 'menace: cycle 2 of 2:' .err
expect_exit 0 menace cycle -q -n 1
assert_grep 'menace: cycle 1 of 1:' .err
