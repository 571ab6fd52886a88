# SANDBOX_ROI_TOLERANCE: above the first cycle's mean |roi_delta| (1.0) the cycle
# stops after one build; 0 with -n 2 needs the second cycle (not scored)
. "$TOP/tests/sh/lib.sh"
fixture cycle_small
SANDBOX_ROI_TOLERANCE=1.5 SANDBOX_CYCLES=4 expect_exit 0 menace cycle -q
assert_grep 'menace: cycle 1 of 4: 7 ran, mean |roi_delta| 1.000, converged' .err
assert_no_grep 'cycle 2 of 4' .err
assert_eq "$(wc -l <sandbox_data/threshold_log.jsonl)" 1 "lines"
assert_eq "$(sqlite3 .menace/menace.db 'select count(*) from runs')" 1 "builds"
# bad values: exit 2 before anything runs
expect_err 2 "menace: SANDBOX_CYCLES: '0' is not a count from 1 to 1000000" env SANDBOX_CYCLES=0 "$MENACE" cycle
expect_err 2 "menace: -n: 'x' is not a count from 1 to 1000000" menace cycle -n x
expect_err 2 "menace: SANDBOX_ROI_TOLERANCE: 'abc' is not a number" env SANDBOX_ROI_TOLERANCE=abc "$MENACE" cycle
expect_err 2 "menace: SANDBOX_ROI_TOLERANCE: '-1' is negative" env SANDBOX_ROI_TOLERANCE=-1 "$MENACE" cycle
expect_err 2 "menace: unknown option '--bogus'" menace cycle --bogus
expect_err 2 "menace: unexpected argument 'x'" menace cycle x
assert_eq "$(sqlite3 .menace/menace.db 'select count(*) from runs')" 1 "builds after the errors"
