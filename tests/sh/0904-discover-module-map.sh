# discover honours module_map.json (--module-map): a module the map holds that menace did
# not test into it (no "hashes" entry: the original system's map, any shape)
# is not queued while its content, and that of the modules it imports, is
# what integrate recorded ("adopted"); the depfile names the map only then
. "$TOP/tests/sh/lib.sh"
mkdir -p tools out
for m in a b c d e; do printf 'def %s(x):\n    """doc"""\n    return [x]\n' "$m" >tools/$m.py; done
printf 'from tools import helper\n' >>tools/e.py
printf 'def h():\n    """doc"""\n    return 1\n' >tools/helper.py
q() { python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$1"; }
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json --depfile out/d
assert_eq "$(q out/test_queue.json)" "tools/a.py tools/b.py tools/c.py tools/d.py tools/e.py tools/helper.py" "no map"
assert_eq "$(cat out/d)" "out/discovered.json:" "depfile without a map"
# the original's flat shape, with a path without .py and a dotted name
printf '{"tools/a.py": 1, "tools/b": 1, "tools.c": 2}\n' >out/module_map.json
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json --depfile out/d
assert_eq "$(q out/test_queue.json)" "tools/d.py tools/e.py tools/helper.py" "flat map"
assert_grep "discover: 6 files scanned, 6 orphans, 3 already integrated" "$T/.out"
assert_eq "$(cat out/d)" "out/discovered.json: out/module_map.json" "depfile with a map"
# modules menace tested into the map stay queued (their self-tests run
# again only when they change: the engine's keys); the depfile leaves the
# map out when every module has a hash
cat >out/module_map.json <<'J'
{"modules": {"tools/a.py": 0, "tools/e.py": 0}, "groups": {"0": ["tools/a.py", "tools/e.py"]},
 "hashes": {"tools/a.py": "00000000000000000000000000000000", "tools/e.py": "00000000000000000000000000000000"}}
J
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json --depfile out/d
assert_eq "$(q out/test_queue.json)" "tools/a.py tools/b.py tools/c.py tools/d.py tools/e.py tools/helper.py" "tested map"
assert_eq "$(cat out/d)" "out/discovered.json:" "depfile with a tested map"
# adopted: integrate records the content hash it found them at; while it
# holds they stay out, an edit of the module or of a module it imports
# brings them back
printf '{"tools/a.py": 1, "tools/e.py": 1}\n' >out/module_map.json
printf '{}' >out/scores.json
expect_exit 0 menace integrate --data out --repo .
assert_grep 'tools/a.py: kept' "$T/.out"
python3 - <<'P' || fail "adopted"
import json
m = json.load(open("out/module_map.json"))
assert sorted(m["adopted"]) == ["tools/a.py", "tools/e.py"] and "hashes" not in m, m
P
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json
assert_eq "$(q out/test_queue.json)" "tools/b.py tools/c.py tools/d.py tools/helper.py" "adopted, unchanged"
printf '# edited\n' >>tools/helper.py
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json
assert_eq "$(q out/test_queue.json)" "tools/b.py tools/c.py tools/d.py tools/e.py tools/helper.py" "an import of an adopted module edited"
printf '# edited\n' >>tools/a.py
expect_exit 0 menace discover --repo . --data-dir out --module-map out/module_map.json
assert_eq "$(q out/test_queue.json)" "tools/a.py tools/b.py tools/c.py tools/d.py tools/e.py tools/helper.py" "an adopted module edited"
# integrate records the hash a module joins the map at
printf '{"tools/b.py": {"pass_rate": 1, "raroi": 1}}\n' >out/scores.json
expect_exit 0 menace integrate --data out --repo .
python3 - <<'P' || fail "hashes"
import json
m = json.load(open("out/module_map.json"))
assert list(m["hashes"]) == ["tools/b.py"] and len(m["hashes"]["tools/b.py"]) == 32, m
P
# without --module-map no map is read (a manifest that names none)
printf '{"tools/a.py": 1}\n' >out/module_map.json
expect_exit 0 menace discover --repo . --data-dir out
assert_eq "$(q out/test_queue.json)" "tools/a.py tools/b.py tools/c.py tools/d.py tools/e.py tools/helper.py" "no --module-map"
# a map that is no JSON: a placed error, exit 1
echo '{' >out/module_map.json
expect_exit 1 menace discover --repo . --data-dir out --module-map out/module_map.json
assert_grep 'menace: out/module_map.json:' "$T/.err"
