# menace presets prints the table of docs/sandbox.md ("menace presets") exactly: names, order, keys,
# values and their JSON types
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
exp=$TOP/tests/fixtures/selftest_presets/expected.json
expect_exit 0 menace presets
cp .out got.json
python3 "$TOP/tests/fixtures/selftest_tools/typed.py" got.json >got.typed || fail "output is not JSON"
python3 "$TOP/tests/fixtures/selftest_tools/typed.py" "$exp" >want.typed
assert_file_eq got.typed want.typed
assert_file_eq got.json "$exp"
assert_eq "$(grep -c SCENARIO_NAME got.json)" 12 "presets"
