# discover: tests/, sub/tests/, .venv, venv, __pycache__, node_modules, build,
# dist and .git are skipped at any depth; SANDBOX_SKIP_DIRS and --skip-dirs add more
. "$TOP/tests/sh/lib.sh"
fixture discover_skip
check() { # expected-dir
	for f in discovered.json orphan_classifications.json test_queue.json; do
		assert_file_eq sandbox_data/$f expected/$1/$f
	done
}
expect_exit 0 menace discover
check default
# imported only from skipped tests: orphans
assert_grep '"helper.py"' sandbox_data/test_queue.json
assert_grep '"sub_helper.py"' sandbox_data/test_queue.json
assert_no_grep 'venv' sandbox_data/discovered.json
assert_no_grep 'node_modules' sandbox_data/discovered.json
expect_exit 0 env SANDBOX_SKIP_DIRS=custom:other/deep "$MENACE" discover
check env
expect_exit 0 menace discover --skip-dirs custom:other/deep
check env
expect_exit 0 menace discover --skip_dirs=custom/::./other/deep/:
check env
# the flag replaces the variable
expect_exit 0 env SANDBOX_SKIP_DIRS=custom "$MENACE" discover --skip-dirs=nothing
check default
