# SANDBOX_TEST_REDUNDANT=0: redundant and legacy modules were not tested, so
# their (stale) scores are not read: their orphan entries carry no "failed";
# with the default 1 they do; they are never integrated either way
. "$TOP/tests/sh/lib.sh"
fixture integrate_basic
# make the redundant one fail so a read score would show
sed -i 's/"dup.py": {"roi": 1.0, "roi_delta": 1.0, "raroi": 0.9, "entropy": 2.0, "entropy_delta": 0.0, "pass_rate": 1.0/"dup.py": {"roi": 0.5, "roi_delta": 1.0, "raroi": 0.9, "entropy": 2.0, "entropy_delta": 0.0, "pass_rate": 0.5/' sandbox_data/scores.json
assert_grep '"pass_rate": 0.5, "borderline": false},' sandbox_data/scores.json
SANDBOX_TEST_REDUNDANT=0 expect_exit 0 menace integrate
python3 - <<'P' || fail "entries with SANDBOX_TEST_REDUNDANT=0"
import json
o = json.load(open("sandbox_data/orphan_modules.json"))
assert o["dup.py"] == {"classification": "redundant", "parents": [], "reason": "redundant", "redundant": True}, o["dup.py"]
assert o["old_api.py"] == {"classification": "legacy", "parents": [], "reason": "legacy", "redundant": True}, o["old_api.py"]
assert o["gamma.py"]["failed"] is True
P
SANDBOX_TEST_REDUNDANT=0 expect_exit 0 menace integrate --include-redundant
python3 - <<'P' || fail "entries with --include-redundant"
import json
o = json.load(open("sandbox_data/orphan_modules.json"))
assert o["dup.py"]["failed"] is True and o["dup.py"]["reason"] == "redundant", o["dup.py"]
assert o["old_api.py"]["failed"] is False and o["old_api.py"]["reason"] == "legacy"
m = json.load(open("sandbox_data/module_map.json"))["modules"]
assert "dup.py" not in m and "old_api.py" not in m
P
expect_exit 0 menace integrate --test-redundant=0
python3 -c 'import json,sys; sys.exit("failed" in json.load(open("sandbox_data/orphan_modules.json"))["dup.py"])' || fail "--test-redundant=0"
