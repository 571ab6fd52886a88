# discover: chains, shared dependencies, cycles with and without an outside
# root, scripts (__main__ guards in any spelling), self-imports, recursion depth
. "$TOP/tests/sh/lib.sh"
fixture discover_graph
check() { # expected-dir
	for f in discovered.json orphan_classifications.json test_queue.json; do
		assert_file_eq sandbox_data/$f expected/$1/$f
	done
}
expect_exit 0 menace discover
check default
# a -> b -> c is a chain of orphans; x and y form a cycle rooted in r
assert_eq "$(cat sandbox_data/test_queue.json)" \
	'["a.py", "b.py", "c.py", "doc.py", "lone.py", "r.py", "selfish.py", "x.py", "y.py"]' "queue"
assert_no_grep '"p.py":' sandbox_data/discovered.json
assert_no_grep '"tool.py":' sandbox_data/discovered.json
assert_no_grep '"used.py":' sandbox_data/discovered.json
assert_no_grep '"shared.py":' sandbox_data/discovered.json
expect_exit 0 menace discover --no-recursive-orphans
check norec
expect_exit 0 menace discover --recursive-orphans=0
check norec
# the flag beats the variable
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=0 "$MENACE" discover --recursive-orphans
check default
expect_exit 0 menace discover --max-recursion-depth 1
check depth1
expect_exit 0 env SANDBOX_MAX_RECURSION_DEPTH=1 "$MENACE" discover
check depth1
expect_exit 0 env SANDBOX_MAX_RECURSION_DEPTH=1 "$MENACE" discover --max-recursion-depth=7
check default
