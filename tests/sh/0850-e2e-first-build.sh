# the whole pipeline of menace.yaml (full matrix: 13 modules x 6 scenarios x
# low/high) over a copy of examples/sandbox_repo: the first build integrates
# exactly the modules examples/sandbox_repo/README.md names, and writes the
# expected orphan_modules.json, module_map.json and workflows.json (none of
# them holds a time); a second build runs nothing
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup
e2e_build 1
assert_eq "$(e2e_count 1 failed)" 0 "failed"
assert_eq "$(e2e_ran 1 | grep -c '^selftest\[')" 156 "selftests run"
for r in discover score integrate flag; do
	e2e_ran 1 >ran.1; grep -qx "$r" ran.1 || fail "$r did not run"
done
exp=$TOP/tests/fixtures/e2e_first/expected
for f in orphan_modules module_map workflows; do
	assert_file_eq "sandbox_data/$f.json" "$exp/$f.json"
done
# the integrated modules, from the map and from integrate's lines
python3 - <<'P' || fail "integrated set"
import json
m = json.load(open("sandbox_data/module_map.json"))["modules"]
want = ["pkg_b/common.py", "standalone/forecast.py", "standalone/forecast_io.py",
        "tools/audit.py", "tools/audit_rules.py", "tools/reconcile.py"]
assert sorted(m) == want, sorted(m)
o = json.load(open("sandbox_data/orphan_modules.json"))
assert {k: v["reason"] for k, v in o.items()} == {
    "standalone/forecast_math.py": "failed_tests", "tools/old_export.py": "legacy",
    "tools/rates.py": "failed_tests", "tools/sanitize.py": "failed_tests", "tools/slugify.py": "redundant",
    "tools/stats.py": "failed_tests", "tools/tiny.py": "redundant"}, o
s = json.load(open("sandbox_data/scores.json"))
assert s["tools/sanitize.py"]["failed_scenarios"] == ["hostile_input-high", "hostile_input-low"], s["tools/sanitize.py"]
assert s["tools/stats.py"]["passed"] == 0 and s["tools/stats.py"]["runs"] == 12
# the stub tests' scenarios (docs/sandbox.md, "The self-test harness"): a list
# nested deep is not a list of numbers (high level only); rates.py trusts a
# line to be an object with a "rate" key; sorted, whatever the directory order
assert s["standalone/forecast_math.py"]["failed_scenarios"] == ["hostile_input-high"], s["standalone/forecast_math.py"]
assert s["tools/rates.py"]["failed_scenarios"] == ["hostile_input-high", "hostile_input-low",
    "schema_drift-high", "schema_drift-low"], s["tools/rates.py"]
assert all(s[k]["pass_rate"] == 1 for k in want)
P
assert_eq "$(grep -c ': integrated (group ' err.1)" 6 "integrated lines"
assert_grep 'tools/sanitize.py: rejected (failed_tests)' err.1
assert_grep 'menace: 162 ran, 2 up to date, 0 failed in ' err.1
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags after one build"

# a second build: nothing runs
cp -R sandbox_data before
e2e_build 2
assert_eq "$(e2e_count 2 ran)" 0 "ran in the second build"
assert_eq "$(e2e_ran 2 | wc -l)" 0 "instances run"
assert_grep 'menace: 0 ran, 164 up to date, 0 failed in ' err.2
for f in orphan_modules module_map workflows scores roi_history discovered; do
	cmp -s "sandbox_data/$f.json" "before/$f.json" || fail "$f.json changed"
done
