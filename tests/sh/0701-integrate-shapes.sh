# integrate reads the current shapes of module_map.json and orphan_modules.json
# with paths lacking .py and dotted package names, keeps every existing entry
# (string groups too), and puts a new module in the group of the integrated
# module that imports it
. "$TOP/tests/sh/lib.sh"
mkdir sandbox_data
cat >sandbox_data/discovered.json <<'J'
{"pkg/__init__.py": {"module": "pkg", "parents": [], "classification": "candidate", "redundant": false, "deps": []},
 "tools/x.py": {"module": "tools.x", "parents": ["app"], "classification": "candidate", "redundant": false, "deps": []},
 "tools/y.py": {"module": "tools.y", "parents": ["tools/x.py"], "classification": "candidate", "redundant": false, "deps": []}}
J
cat >sandbox_data/scores.json <<'J'
{"pkg/__init__.py": {"raroi": 0.5, "pass_rate": 1.0},
 "tools/x": {"raroi": 0.5, "pass_rate": 1.0},
 "tools/y.py": {"raroi": 0.5, "pass_rate": 1.0}}
J
cat >sandbox_data/module_map.json <<'J'
{"modules": {"app": 4, "lib/core": "core"}, "groups": {"4": ["app"], "core": ["lib/core"]}}
J
cat >sandbox_data/orphan_modules.json <<'J'
{"gone.py": {"parents": ["x.py"], "classification": "legacy", "redundant": true, "reason": "legacy"}, "pkg": {"parents": []}}
J
expect_exit 0 menace integrate
cat >want.json <<'J'
{
  "groups": {
    "4": [
      "app.py",
      "tools/x.py",
      "tools/y.py"
    ],
    "5": [
      "pkg/__init__.py"
    ],
    "core": [
      "lib/core.py"
    ]
  },
  "modules": {
    "app.py": 4,
    "lib/core.py": "core",
    "pkg/__init__.py": 5,
    "tools/x.py": 4,
    "tools/y.py": 4
  }
}
J
assert_file_eq sandbox_data/module_map.json want.json
# the old entry of another module is kept as it was; "pkg" was integrated and cleaned
cat >want.json <<'J'
{
  "gone.py": {
    "classification": "legacy",
    "parents": [
      "x.py"
    ],
    "reason": "legacy",
    "redundant": true
  }
}
J
assert_file_eq sandbox_data/orphan_modules.json want.json
assert_grep '"workflow": [' sandbox_data/workflows.json
assert_grep '"tools.y"' sandbox_data/workflows.json
assert_grep '"pkg"' sandbox_data/workflows.json
