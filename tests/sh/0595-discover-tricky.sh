# discover on Python files whose lexing is easy to get wrong
# (tests/fixtures/discover_tricky, each importing a module of lib/ after
# its tricky part, so a misread shows as another import graph): escapes,
# nested and multi-line f-strings, triple quotes, backslash continuation,
# deep brackets, legacy markers in comments and docstrings (any case,
# split, in code), a BOM, CRLF and lone-CR line ends, tabs and form feeds,
# NUL and latin-1 bytes, numbers, every operator, string prefixes, no final
# newline, and one file per tokenizer error. The three outputs, the
# summary, the warnings and every file's --imports are the bytes in
# expected/, written by the tokenizer before its speed-up (issue 17) and
# checked against Python's ast where it parses the file
. "$TOP/tests/sh/lib.sh"
fixture discover_tricky
expect_exit 0 menace discover --data-dir out -j2
cp "$T/.out" out/stdout
cp "$T/.err" out/stderr
for f in discovered.json orphan_classifications.json test_queue.json stdout stderr; do
	assert_file_eq out/$f expected/$f
done
for f in $(find . -name '*.py' ! -path './expected/*' | LC_ALL=C sort); do
	echo "== $f"
	menace discover --imports "$f" 2>&1
	echo "rc $?"
done >imports
assert_file_eq imports expected/imports
