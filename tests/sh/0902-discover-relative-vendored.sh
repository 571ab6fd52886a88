# a relative import is resolved by the file's directory chain, whatever its
# ancestors are called: site-packages/pkg/a.py doing "from .b import x"
# imports site-packages/pkg/b.py (before, "site-packages" is no identifier
# and b.py came out as an orphan with no parent)
. "$TOP/tests/sh/lib.sh"
mkdir -p lib/python3.11/site-packages/pkg/sub my-tools
cd lib/python3.11/site-packages/pkg
printf 'from .b import x\nfrom . import c\nfrom .sub import d\n' >a.py
echo 'x = 1' >b.py
echo 'c = 1' >c.py
: >__init__.py
: >sub/__init__.py
printf 'from ..b import x\n' >sub/d.py
printf 'from ...pkg import b\nfrom .... import nothing_here\n' >sub/e.py
cd "$T"
# a directory that is no package, at the root of the repository
printf 'from .helper import h\n' >my-tools/run.py
echo 'def h(): pass' >my-tools/helper.py
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=0 "$MENACE" discover --repo . --data-dir out
assert_eq "$(cat out/test_queue.json)" '["lib/python3.11/site-packages/pkg/a.py", "lib/python3.11/site-packages/pkg/sub/e.py", "my-tools/run.py"]' "queue"
# with recursion, the modules only orphans import, with their parents
expect_exit 0 menace discover --repo . --data-dir rec
python3 - <<'P' || fail "parents"
import json
d = json.load(open("rec/discovered.json"))
p = "lib/python3.11/site-packages/pkg/"
got = {k[len(p):] if k.startswith(p) else k: sorted(x[len(p):] if x.startswith(p) else x for x in v["parents"])
       for k, v in d.items()}
want = {"a.py": [], "b.py": ["a.py", "sub/d.py", "sub/e.py"], "c.py": ["a.py"], "sub/d.py": ["a.py"],
        "sub/e.py": [], "my-tools/run.py": [], "my-tools/helper.py": ["my-tools/run.py"]}
assert got == want, got
P
