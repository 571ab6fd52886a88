# integrate on the discover/score results the example repository is meant to
# produce (examples/sandbox_repo/README.md, hand-written here) gives the
# groups, workflows and orphans the README documents; with ledger/book.py
# already in the map, the modules that import it join its group
. "$TOP/tests/sh/lib.sh"
fixture integrate_example
expect_exit 0 menace integrate
assert_file_eq sandbox_data/module_map.json expected/module_map.json
assert_file_eq sandbox_data/orphan_modules.json expected/orphan_modules.json
assert_file_eq sandbox_data/workflows.json expected/workflows.json
# the README's table says the same
readme=$TOP/examples/sandbox_repo/README.md
for row in '| `tools/audit_rules.py` |.*| integrated, group 2' '| `tools/sanitize.py` |.*| not integrated, reason `failed_tests` |' \
	'| `tools/tiny.py` |.*| not integrated, reason `redundant` |' '| `pkg_b/common.py` |.*| integrated, group 0 |'; do
	grep -q -- "$row" "$readme" || fail "README lacks $row"
done

rm sandbox_data/module_map.json sandbox_data/orphan_modules.json sandbox_data/workflows.json
echo '{"ledger/book.py": 9}' >sandbox_data/module_map.json
expect_exit 0 menace integrate
python3 - <<'P' || fail "groups with ledger/book.py in the map"
import json
m = json.load(open("sandbox_data/module_map.json"))["modules"]
assert m["tools/reconcile.py"] == 9 and m["tools/audit.py"] == 9 and m["tools/audit_rules.py"] == 9, m
assert m["pkg_b/common.py"] == 10 and m["standalone/forecast.py"] == 11, m
P
