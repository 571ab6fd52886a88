# discover scans files in parallel (one thread per core by default): on a
# tree of 600 modules in packages (imports between them, relative and
# dynamic ones, legacy markers, syntax errors, orphans), one thread, two,
# seven and the default write the same bytes, and so does the tree
# scanned from a copy made in another order
. "$TOP/tests/sh/lib.sh"
python3 - <<'PY'
import os
for p in range(20):
    pkg = "pkg%d" % p
    os.makedirs(pkg, exist_ok=True)
    open(os.path.join(pkg, "__init__.py"), "w").write("from . import m0\n" if p % 3 else "")
    for m in range(30):
        body = ["import os", "import pkg%d.m%d" % ((p + 1) % 20, (m * 7) % 30)]
        if m % 4 == 0:
            body.append("from .m%d import f as g" % ((m + 1) % 30))
        if m % 5 == 0:
            body.append("importlib.import_module('pkg%d.m%d')" % (p, (m + 3) % 30))
        if m % 6 == 0:
            body.append('"""legacy helpers, deprecated"""')
        if m % 13 == 0:
            body.append("def broken(:")
        body.append("def f(x):\n    if x:\n        return x + 1\n    return 0")
        open(os.path.join(pkg, "m%d.py" % m), "w").write("\n".join(body) + "\n")
PY
files="discovered.json orphan_classifications.json test_queue.json"
expect_exit 0 menace discover -j1 --data-dir one
assert_grep "discover: 560 files scanned" "$T/.out"   # 60 do not parse
for j in 2 7; do
	expect_exit 0 menace discover -j $j --data-dir j$j
	for f in $files; do assert_file_eq j$j/$f one/$f; done
done
expect_exit 0 menace discover --data-dir dflt
for f in $files; do assert_file_eq dflt/$f one/$f; done
# the same tree copied in reverse order (another readdir order)
mkdir rev && for d in $(ls -d pkg* | sort -r); do mkdir rev/$d; for m in $(ls $d | sort -r); do cp $d/$m rev/$d/; done; done
expect_exit 0 menace discover -j2 --repo rev --data-dir revout
for f in $files; do assert_file_eq revout/$f one/$f; done
[ "$(wc -c <one/discovered.json)" -gt 1000 ] || fail "discovered.json is too small"
