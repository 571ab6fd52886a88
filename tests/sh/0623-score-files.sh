# score reads selftest's own result files, refuses a broken history without
# touching it, and reports a bad impact config with its position
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir repo
(cd repo && fixture selftest_repo)
for m in good bad; do
	for s in hostile_input user_misuse; do
		expect_exit 0 menace selftest --repo repo --module pkg/$m.py --scenario $s --level low
	done
done
expect_exit 0 menace score --repo repo
assert_near "$(jget data/scores.json pkg/good.py raroi)" 1 "good"
assert_near "$(jget data/scores.json pkg/bad.py raroi)" 0 "bad: roi 0"
assert_eq "$(jget data/scores.json pkg/bad.py hostile_failures)" 1
assert_eq "$(jget data/scores.json pkg/bad.py misuse_failures)" 1
cp data/scores.json scores.before
echo '{"roi_history": [' >data/roi_history.json
cp data/roi_history.json hist.before
expect_err 1 "menace: data/roi_history.json: not a JSON object (roi history left as it is)" menace score --repo repo
assert_file_eq data/roi_history.json hist.before
assert_file_eq data/scores.json scores.before
echo '{"module_deltas": []}' >data/roi_history.json
expect_err 1 "menace: data/roi_history.json: 'module_deltas' is not an object" menace score --repo repo
rm data/roi_history.json
mkdir config
printf 'standard: 0.5\ncritical: lots\n' >config/impact_severity.yaml
expect_err 1 "menace: config/impact_severity.yaml:2:11: severity must be a number from 0 to 1 for type 'critical'" menace score --repo repo
printf 'modules:\n  pkg/good.py: vital\n' >other.yaml
expect_err 1 "menace: other.yaml: module 'pkg/good.py' has unknown type 'vital'" env IMPACT_SEVERITY_CONFIG=other.yaml "$MENACE" score --repo repo
expect_err 1 "menace: cannot read 'missing.yaml': No such file or directory" menace score --repo repo --impact-severity-config missing.yaml
printf 'modules:\n  pkg.good: 1\n' >config/impact_severity.yaml
expect_exit 0 menace score --repo repo
assert_eq "$(jget data/scores.json pkg/good.py impact_type)" custom "dotted name, number"
expect_exit 0 menace score --help
assert_grep "BORDERLINE_RAROI_THRESHOLD" .out
