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
# a package beats a module file of the same name; a relative import in a
# top-level file resolves against the repository root
mkdir -p two/both && cd two
printf 'import both\nfrom . import sibling\n' > user.py
printf 'X = 1\n' > both.py
: > both/__init__.py
printf 'Y = 2\n' > sibling.py
expect_exit 0 menace discover
# sibling.py is imported by the orphan user.py only: a recursive orphan
assert_eq "$(cat sandbox_data/test_queue.json)" '["both.py", "sibling.py", "user.py"]' "queue"
assert_grep '"deps":	["both/__init__.py", "sibling.py"]' sandbox_data/discovered.json
