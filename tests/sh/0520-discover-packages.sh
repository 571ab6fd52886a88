# discover: packages, relative imports (., .., from . import x), namespace
# folders, from pkg import mod, absolute imports inside packages, the same
# file name in two packages
. "$TOP/tests/sh/lib.sh"
fixture discover_pkg
expect_exit 0 menace discover
for f in discovered.json orphan_classifications.json test_queue.json; do
	assert_file_eq sandbox_data/$f expected/default/$f
done
# pkg_a/common.py is imported (from pkg_a import common), pkg_b/common.py is not
assert_grep '"pkg_b/common.py"' sandbox_data/test_queue.json
assert_no_grep '"pkg_a/common.py"' sandbox_data/test_queue.json
# pkg/abs_user.py's "import common" is the top-level common.py
assert_grep '"parents":	["pkg/abs_user.py"]' sandbox_data/discovered.json
