# the diminishing threshold is ROI_THRESHOLD or 0.01 * (1 + sigma); a module
# under BORDERLINE_RAROI_THRESHOLD is borderline and lands in the bucket
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_score
cp -R data data0
expect_exit 0 menace score --data data --repo .
assert_near "$(jget data/scores.json pkg/a.py diminishing)" "$(python3 -c 'print(0.01 * (1 + 0.135 ** 0.5))')" "diminishing a"
assert_near "$(jget data/scores.json pkg/b.py diminishing)" 0.01 "diminishing b"
assert_eq "$(jget data/scores.json pkg/b.py borderline)" false "default threshold 0.0"
[ -e data/borderline_bucket.jsonl ] && fail "bucket written with nothing borderline"
rm -rf data && cp -R data0 data
expect_exit 0 env ROI_THRESHOLD=0.2 BORDERLINE_RAROI_THRESHOLD=0.15 MENACE_RUN_ID=run-7 "$MENACE" score --data data --repo .
assert_near "$(jget data/scores.json pkg/a.py diminishing)" 0.2 "ROI_THRESHOLD"
assert_eq "$(jget data/scores.json pkg/b.py borderline)" true "b borderline"
assert_eq "$(jget data/scores.json pkg/a.py borderline)" false "a not borderline"
assert_eq "$(wc -l <data/borderline_bucket.jsonl)" 1 "bucket lines"
head -n 1 data/borderline_bucket.jsonl >line.json
assert_eq "$(jget line.json module)" pkg/b.py
assert_near "$(jget line.json raroi)" 0.1375 "bucket raroi"
assert_eq "$(jget line.json run_id)" run-7
# flags beat the variables
rm -rf data && cp -R data0 data
expect_exit 0 env ROI_THRESHOLD=0.2 "$MENACE" score --data data --repo . --roi-threshold 0.3 --borderline-raroi-threshold=0.5
assert_near "$(jget data/scores.json pkg/a.py diminishing)" 0.3 "--roi-threshold"
assert_eq "$(wc -l <data/borderline_bucket.jsonl)" 2 "bucket lines with 0.5"
expect_err 2 "menace: ROI_THRESHOLD: 'high' is not a number" env ROI_THRESHOLD=high "$MENACE" score --data data
