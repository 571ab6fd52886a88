# entropy is the Shannon entropy of the token stream; entropy_delta is its
# change from the previous run (first run: 0)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_score
rm data/roi_history.json
expect_exit 0 menace score --data=data --repo=.
# "x = x + 1": x x = + 1 -> -(0.4 log2 0.4 + 3 * 0.2 log2 0.2)
assert_near "$(jget data/scores.json pkg/c.py entropy)" 1.9219280948873623 "entropy"
assert_near "$(jget data/scores.json pkg/c.py entropy_delta)" 0 "first delta"
assert_near "$(jget data/scores.json pkg/c.py roi_delta)" 1 "first roi delta"
printf 'x = 1\n' >pkg/c.py
expect_exit 0 menace score --data=data --repo=.
# "x = 1": three distinct tokens -> log2 3
assert_near "$(jget data/scores.json pkg/c.py entropy)" 1.584962500721156 "entropy 2"
assert_near "$(jget data/scores.json pkg/c.py entropy_delta)" "$(python3 -c 'import math; print(math.log2(3) - (-(0.4*math.log2(0.4) + 0.6*math.log2(0.2))))')" "delta"
assert_near "$(jget data/scores.json pkg/c.py roi_delta)" 0 "second roi delta"
assert_eq "$(jget data/roi_history.json module_entropy_deltas pkg/c.py | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
# a module that does not tokenize: entropy null, a warning, no crash
printf 'x = "unterminated\n' >pkg/c.py
expect_exit 0 menace score --data=data --repo=.
assert_eq "$(jget data/scores.json pkg/c.py entropy)" null
assert_grep "pkg/c.py: does not tokenize" .err
