# discover --imports: every statement form (aliases, ';', parentheses, backslash
# continuation, relative levels, star, imports in functions, classes, if/try,
# one-line bodies, tabs), strings and f-strings that only look like imports,
# CRLF, latin-1 bytes, Python 3.12 f-strings with nested quotes
. "$TOP/tests/sh/lib.sh"
fixture discover_imports
for f in forms crlf latin1 fstring312; do
	expect_exit 0 menace discover --imports $f.py
	assert_file_eq "$T/.out" $f.expected
done
assert_no_grep not_me forms.expected
