# SANDBOX_CLEAN_ORPHANS=0 keeps integrated modules in orphan_modules.json
# (without a reason); the default 1 and --clean-orphans remove them; a flag
# beats its variable
. "$TOP/tests/sh/lib.sh"
fixture integrate_basic
SANDBOX_CLEAN_ORPHANS=0 expect_exit 0 menace integrate
assert_grep '"alpha.py": {' sandbox_data/orphan_modules.json
python3 - <<'P' || fail "orphan entries"
import json
o = json.load(open("sandbox_data/orphan_modules.json"))
assert o["alpha.py"] == {"classification": "candidate", "failed": False, "parents": [], "redundant": False}, o["alpha.py"]
assert o["helpers/util.py"]["parents"] == ["alpha.py"]
assert o["gamma.py"]["reason"] == "failed_tests"
assert sorted(o) == ["alpha.py", "beta.py", "dup.py", "gamma.py", "helpers/util.py", "lonely.py",
                     "notscored.py", "old_api.py", "pkg/__init__.py", "stale.py"], sorted(o)
P
# the module map is the same either way
assert_file_eq sandbox_data/module_map.json expected/module_map.json
SANDBOX_CLEAN_ORPHANS=0 expect_exit 0 menace integrate --clean-orphans
assert_file_eq sandbox_data/orphan_modules.json expected/orphan_modules.json
expect_exit 0 menace integrate --no-clean-orphans
assert_grep '"alpha.py": {' sandbox_data/orphan_modules.json
expect_exit 0 menace integrate --clean-orphans=1
assert_file_eq sandbox_data/orphan_modules.json expected/orphan_modules.json
