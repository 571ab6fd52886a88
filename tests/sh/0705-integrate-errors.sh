# integrate: missing or malformed inputs fail with a clear message and exit 1
# without writing anything; bad usage exits 2
. "$TOP/tests/sh/lib.sh"
mkdir sandbox_data
expect_err 1 "menace: cannot read 'sandbox_data/discovered.json': no such file" menace integrate
echo '{}' >sandbox_data/discovered.json
printf '{\n  "a.py": {"pass_rate": }\n}\n' >sandbox_data/scores.json
expect_err 1 "menace: sandbox_data/scores.json:2:25: invalid JSON" menace integrate
[ ! -e sandbox_data/module_map.json ] || fail "module_map.json written after an error"
echo '[1]' >sandbox_data/scores.json
expect_err 1 "menace: scores.json: expected an object of modules" menace integrate
echo '{}' >sandbox_data/scores.json
echo '{"a.py": [1]}' >sandbox_data/module_map.json
expect_err 1 "menace: module_map.json: the group of 'a.py' is not a number or string" menace integrate
rm sandbox_data/module_map.json
expect_err 2 "menace: --min-roi: 'lots' is not a number" menace integrate --min-roi lots
expect_err 2 "menace: unknown option '--bogus'" menace integrate --bogus
expect_err 2 "menace: option '--data' needs a value" menace integrate --data
MIN_INTEGRATION_ROI=x expect_err 2 "menace: MIN_INTEGRATION_ROI: 'x' is not a number" menace integrate
expect_err 2 "menace: --clean-orphans: 'maybe' is not a boolean" menace integrate --clean-orphans=maybe
[ ! -e sandbox_data/module_map.json ] || fail "module_map.json written after a usage error"
expect_exit 0 menace integrate --help
assert_grep 'usage: menace integrate' .out
expect_exit 0 menace integrate
assert_eq "$(cat sandbox_data/orphan_modules.json)" "{}" "empty orphans"
