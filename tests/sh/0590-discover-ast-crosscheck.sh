# discover --imports against Python's own ast on every .py of the Python
# standard library (/usr/lib/python3.11, or python3's own when that is
# missing) and on the import fixtures: the static imports must be the same,
# line by line; the dynamic imports ast sees with a literal argument must all
# be found. A mismatch fails the test unless KNOWN below lists the file with
# its reason.
. "$TOP/tests/sh/lib.sh"
lib=/usr/lib/python3.11
[ -d "$lib" ] || lib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
[ -d "$lib" ] || fail "no python standard library found"

# The explained differences, one per line: file (relative to $lib) <TAB> why
# menace's list differs from ast's. Empty: on this machine's standard library
# there is none left. (Before dynamic-import names were forgotten at a def's
# parameters, importlib/_bootstrap.py was here: a parameter 'name' took the
# literal '?' an earlier function assigned to another 'name'.)
KNOWN=''

find "$lib" -name '*.py' | LC_ALL=C sort > files
for f in "$TOP"/tests/fixtures/discover_imports/forms.py "$TOP"/tests/fixtures/discover_imports/crlf.py \
	"$TOP"/tests/fixtures/discover_imports/latin1.py; do
	echo "$f" >> files
done
n=$(wc -l < files)
[ "$n" -gt 100 ] || fail "only $n files under $lib"
python3 "$TOP/tests/fixtures/discover_ast/ast_imports.py" "$MENACE" $(cat files) > result ||
	fail "the ast comparison did not run"
tail -n 1 result
grep -q '^compared [1-9]' result || fail "nothing compared"
sed '$d' result > mismatches
[ -s mismatches ] || exit 0
unexplained=0
while IFS= read -r line; do
	rel=${line%%: *}
	rel=${rel#"$lib"/}
	if printf '%s\n' "$KNOWN" | cut -f1 | grep -qxF "$rel"; then
		continue
	fi
	echo "unexplained: $line" >&2
	unexplained=$((unexplained + 1))
done < mismatches
[ "$unexplained" -eq 0 ] || fail "$unexplained files where menace and ast disagree"
