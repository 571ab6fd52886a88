# discover: legacy markers in comments, docstrings, raise/warn DeprecationWarning
# (not in code), byte-identical duplicates, trivial modules, complexity;
# SANDBOX_TEST_REDUNDANT=0; a file that does not tokenize is reported and left out
. "$TOP/tests/sh/lib.sh"
fixture discover_classify
check() { # expected-dir
	for f in discovered.json orphan_classifications.json test_queue.json; do
		assert_file_eq sandbox_data/$f expected/$1/$f
	done
}
expect_err 0 'menace: bad.py:5: unterminated triple-quoted string literal' menace discover
check default
assert_no_grep '"bad.py"' sandbox_data/discovered.json
for m in leg_comment leg_doc leg_raise leg_warn leg_missing; do
	grep -A1 "\"$m.py\"" sandbox_data/orphan_classifications.json | grep -q '"legacy"' ||
		fail "$m.py is not legacy"
done
grep -A1 '"code_marker.py"' sandbox_data/orphan_classifications.json | grep -q '"candidate"' ||
	fail "a marker in code made code_marker.py legacy"
grep -A1 '"pkg/dup_b.py"' sandbox_data/orphan_classifications.json | grep -q '"redundant"' ||
	fail "a byte-identical copy is not redundant"
expect_exit 0 env SANDBOX_TEST_REDUNDANT=0 "$MENACE" discover
check noredundant
expect_exit 0 menace discover --no-include-redundant
check noredundant
expect_exit 0 env SANDBOX_TEST_REDUNDANT=0 "$MENACE" discover --include-redundant
check default
expect_exit 0 env SANDBOX_TEST_REDUNDANT=0 "$MENACE" discover --test-redundant=true
check default
# --imports on the bad file: the error and exit 1
expect_err 1 'menace: bad.py:5: unterminated triple-quoted string literal' menace discover --imports bad.py
