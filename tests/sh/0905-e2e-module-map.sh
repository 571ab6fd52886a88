# the pipeline over a data directory whose module_map.json another system
# wrote: its modules are not self-tested, integrate adopts them at their
# content hash (discover runs once more and cuts off), then a build runs
# nothing; editing one brings it back to the queue; at every step the files
# equal those of a build from a fresh state directory (incremental = clean)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
mkdir sandbox_data
printf '{"tools/audit.py": 5, "tools/stats": 5, "tools.reconcile": 6}\n' >sandbox_data/module_map.json
e2e_build 1
for m in tools/audit.py tools/stats.py tools/reconcile.py; do
	assert_no_grep "\"$m\"" sandbox_data/test_queue.json
	assert_grep "$m: kept" err.1
done
# clean: the same data directory from a fresh state directory
same_as_clean() {
	rm -rf clean && mkdir clean && cp -R menace.yaml rules repo clean/ && mkdir clean/sandbox_data &&
		cp "$1" clean/sandbox_data/module_map.json
	( cd clean && "$MENACE" build >/dev/null 2>&1 ) || fail "clean build failed"
	for f in discovered test_queue; do
		assert_file_eq "sandbox_data/$f.json" "clean/sandbox_data/$f.json"
	done
}
cp sandbox_data/module_map.json map.1
e2e_build 2
assert_eq "$(e2e_ran 2)" discover "ran in the second build (the map adopted its modules)"
e2e_build 3
assert_eq "$(e2e_count 3 ran)" 0 "ran in the third build"
cp sandbox_data/module_map.json map.3
python3 - <<'P' || fail "adopted"
import json
m = json.load(open("map.3"))
assert sorted(m["adopted"]) == ["tools/audit.py", "tools/reconcile.py", "tools/stats.py"], m
P
same_as_clean map.1
# an edit of an adopted module: it is self-tested again
printf '\n# edited\n' >>repo/tools/stats.py
e2e_build 4
e2e_ran 4 | grep -q '^selftest\[tools/stats.py,' ||
	fail "stats not re-tested"
assert_grep '"tools/stats.py"' sandbox_data/test_queue.json
e2e_build 5
assert_eq "$(e2e_count 5 ran)" 0 "ran after the edit's build"
same_as_clean sandbox_data/module_map.json
