# issue 15's end-to-end check, on a small generated repository (not the
# example): a tests/ tree with a conftest.py, a package with relative
# imports (pkg/core.py: from .util import), a vendored package below a
# directory that is no Python identifier (site-packages/vend/a.py: from .b
# import), a module that gets flagged complete and is then broken, and
# modules that pass and are integrated. Test files, conftest.py and the
# package's own modules are never queued nor integrated; b.py is a's
# dependency, not an orphan without a parent; the flagged module's
# regression is caught; and sandbox_data/ holds exactly files that
# docs/sandbox.md's "Every file in sandbox_data/" names
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
rm -rf repo
mkdir -p repo/pkg repo/tests repo/tools repo/site-packages/vend
cat >repo/pkg/__init__.py <<'P'
P
cat >repo/pkg/util.py <<'P'
def clamp(x, lo=0, hi=10):
    """clamp x into [lo, hi]"""
    if not isinstance(x, (int, float)):
        raise TypeError("x must be a number")
    return max(lo, min(hi, x))
P
cat >repo/pkg/core.py <<'P'
from .util import clamp


def score(values):
    """the clamped sum of values"""
    if not isinstance(values, list):
        raise TypeError("values must be a list")
    return clamp(sum(v for v in values if isinstance(v, (int, float))), 0, 100)
P
cat >repo/app.py <<'P'
from pkg.core import score

if __name__ == "__main__":
    print(score([1, 2, 3]))
P
cat >repo/tests/conftest.py <<'P'
import pytest


@pytest.fixture
def numbers():
    return [1, 2, 3]
P
cat >repo/tests/test_core.py <<'P'
from pkg.core import score


def test_score(numbers):
    assert score(numbers) == 6
P
cat >repo/site-packages/vend/__init__.py <<'P'
P
cat >repo/site-packages/vend/a.py <<'P'
from .b import twice


def quad(x):
    return twice(twice(x))
P
cat >repo/site-packages/vend/b.py <<'P'
def twice(x):
    if not isinstance(x, (int, float)):
        raise TypeError("a number")
    return 2 * x
P
cat >repo/tools/good.py <<'P'
def greet(name):
    """a greeting for name"""
    if not isinstance(name, str):
        raise TypeError("name must be a string")
    return "hello " + name[:100]
P
cat >repo/tools/flat.py <<'P'
def total(items):
    """the sum of the numbers in items"""
    if not isinstance(items, (list, tuple)):
        raise TypeError("items must be a list")
    return sum(i for i in items if isinstance(i, (int, float)))
P
(cd repo && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm init)
flags() { python3 -c 'import json; print(" ".join(e["name"] for e in json.load(open("sandbox_data/sandbox_meta.log.flags"))))'; }
e2e_build 1
python3 - <<'P' || fail "discovery"
import json
q = json.load(open("sandbox_data/test_queue.json"))
assert q == ["site-packages/vend/a.py", "site-packages/vend/b.py", "tools/flat.py", "tools/good.py"], q
d = json.load(open("sandbox_data/discovered.json"))
assert d["site-packages/vend/b.py"]["parents"] == ["site-packages/vend/a.py"], d["site-packages/vend/b.py"]
assert "site-packages/vend/b.py" in d["site-packages/vend/a.py"]["deps"], d["site-packages/vend/a.py"]
for f in ("tests/test_core.py", "tests/conftest.py", "pkg/core.py", "pkg/util.py"):
    assert f not in d, f
P
# two flat scorings more: flat.py is flagged complete
printf '\n' >>repo/tools/flat.py
e2e_build 2
printf '\n' >>repo/tools/flat.py
e2e_build 3
assert_eq "$(flags)" "tools/flat.py" "flags after three flat scorings"
# broken: tested again at once, rejected, unflagged (two cycles of menace cycle)
printf 'raise RuntimeError("regression")\n' >>repo/tools/flat.py
expect_exit 0 env SANDBOX_CYCLES=2 "$MENACE" cycle
assert_grep 'tools/flat.py: rejected (failed_tests)' "$T/.err"
assert_grep 'tools/flat.py changed since it was flagged complete: tested again' "$T/.err"
assert_eq "$(flags)" "" "flags after the regression"
python3 - <<'P' || fail "after the regression"
import json
s = json.load(open("sandbox_data/scores.json"))
assert s["tools/flat.py"]["pass_rate"] < 1, s["tools/flat.py"]
m = json.dumps(json.load(open("sandbox_data/module_map.json")))
assert "tools/good.py" in m, m
for f in ("tests/", "conftest.py", "pkg/core.py", "pkg/util.py"):
    assert f not in m, (f, m)
P
# every file of sandbox_data/ is documented, and the ones every run writes are there
python3 - "$TOP/docs/sandbox.md" <<'P' || fail "sandbox_data/ differs from the documented files"
import fnmatch, os, re, sys
doc = open(sys.argv[1]).read()
table = doc[doc.index("### Every file in sandbox_data/"):doc.index("### Every variable")]
names = set()
for line in table.splitlines():
    if line.startswith("| `"):
        first = line.split(" | ")[0]
        for n in re.findall(r"`([^`]+)`", first):
            names.add(n.split("/")[0].replace("<path>", "*"))
names |= {"metrics.db-wal", "metrics.db-shm"}
have = set(os.listdir("sandbox_data"))
undocumented = sorted(f for f in have if not any(fnmatch.fnmatch(f, n) for n in names))
assert not undocumented, undocumented
want = {"presets.json", "discovered.json", "orphan_classifications.json", "test_queue.json",
        "selftest", "scores.json", "roi_history.json", "micropilot_queue.json", "module_map.json",
        "orphan_modules.json", "workflows.json", "sandbox_meta.log.flags", "sandbox_meta.log.resets",
        "alignment_flags.jsonl", "threshold_log.jsonl", "metrics.db"}
assert want <= have, sorted(want - have)
P
