# MIN_INTEGRATION_ROI=0.5 (or --min-roi 0.5) leaves modules whose raroi is
# below it out (reason low_roi) and the group numbering follows
. "$TOP/tests/sh/lib.sh"
fixture integrate_basic
MIN_INTEGRATION_ROI=0.5 expect_exit 0 menace integrate
assert_grep 'beta.py: rejected (low_roi)' .out
assert_grep 'lonely.py: rejected (low_roi)' .out
python3 - <<'P' || fail "module map with MIN_INTEGRATION_ROI=0.5"
import json
m = json.load(open("sandbox_data/module_map.json"))
assert m["modules"] == {"alpha.py": 3, "core/engine.py": 2, "core/io.py": 1, "helpers/util.py": 3, "pkg/__init__.py": 4}, m
assert m["groups"] == {"1": ["core/io.py"], "2": ["core/engine.py"], "3": ["alpha.py", "helpers/util.py"], "4": ["pkg/__init__.py"]}, m
o = json.load(open("sandbox_data/orphan_modules.json"))
assert o["beta.py"]["reason"] == "low_roi" and o["beta.py"]["failed"] is False
w = json.load(open("sandbox_data/workflows.json"))
assert [x["workflow"] for x in w] == [["core.engine"], ["alpha"], ["helpers.util"], ["pkg"]], w
assert [x["id"] for x in w] == [7, 8, 9, 10]
P
# the flag beats the variable
rm sandbox_data/module_map.json sandbox_data/workflows.json
MIN_INTEGRATION_ROI=0.5 expect_exit 0 menace integrate --min-roi=0
assert_grep 'beta.py: integrated (group 1)' .out
assert_grep 'lonely.py: integrated' .out
