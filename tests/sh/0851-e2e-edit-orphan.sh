# editing one orphan module (tools/reconcile.py, integrated) re-runs only its
# selftests, then score, integrate and flag; discover runs (every .py is its
# input) and cuts off: its outputs are byte-identical. The module map changes
# only for that module (an integrated one: not at all, a map entry is never
# regrouped; fixing a rejected one: it alone is added)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
e2e_build 1
assert_eq "$(e2e_ran 1 | grep -c '^selftest\[')" 13 "selftests of the first build"
cp sandbox_data/module_map.json map.1
cp sandbox_data/discovered.json disc.1
printf '\n\ndef unused_helper(x):\n    return x * 2\n' >>repo/tools/reconcile.py
e2e_build 2
e2e_ran 2 >ran.2
printf '%s\n' borderline discover flag integrate score 'selftest[tools/reconcile.py,scenario=hostile_input,level=low]' >want.2
assert_file_eq ran.2 want.2
cmp -s sandbox_data/discovered.json disc.1 || fail "discovered.json changed"
assert_file_eq sandbox_data/module_map.json map.1

# an edit that breaks the module: only it changes in the results, it stays
# in the map (entries are never removed) and is now a rejected orphan
printf 'raise RuntimeError("broken on import")\n' >>repo/tools/reconcile.py
e2e_build 3
e2e_ran 3 >ran.3
grep -q '^selftest\[tools/reconcile.py,' ran.3 || fail "reconcile not re-tested"
assert_eq "$(grep -c '^selftest\[' ran.3)" 1 "selftests of build 3"
assert_file_eq sandbox_data/module_map.json map.1
assert_grep 'tools/reconcile.py: rejected (failed_tests)' err.3
python3 - <<'P' || fail "orphan_modules after the break"
import json
o = json.load(open("sandbox_data/orphan_modules.json"))
assert sorted(o) == ["tools/old_export.py", "tools/rates.py", "tools/sanitize.py", "tools/slugify.py", "tools/stats.py", "tools/tiny.py"], sorted(o)
s = json.load(open("sandbox_data/scores.json"))
assert s["tools/reconcile.py"]["pass_rate"] == 0, s["tools/reconcile.py"]
assert s["tools/audit.py"]["pass_rate"] == 1
P

# fixing tools/stats.py (a rejected orphan): only its selftests run, and the
# module map changes only by it (a new group: it imports no integrated module)
sed -i 's|return ordered\[len(ordered) // 2\]|return ordered[len(ordered) // 2] if len(ordered) % 2 else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2|' repo/tools/stats.py
e2e_build 4
e2e_ran 4 | grep '^selftest' >ran.4
assert_eq "$(cat ran.4)" 'selftest[tools/stats.py,scenario=hostile_input,level=low]' "selftests after fixing stats"
python3 - <<'P' || fail "module map after fixing stats"
import json
old = json.load(open("map.1"))["modules"]
new = json.load(open("sandbox_data/module_map.json"))["modules"]
assert {k: v for k, v in new.items() if k != "tools/stats.py"} == old, (old, new)
assert new["tools/stats.py"] == max(old.values()) + 1, new
P
assert_grep 'tools/stats.py: integrated (group 4)' err.4
