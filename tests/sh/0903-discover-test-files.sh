# test files and entry points are never orphans, so never queued nor
# integrated: test_*.py, *_test.py, conftest.py, sitecustomize.py, setup.py,
# __main__.py (their imports still count), and unit_tests/ is skipped like
# tests/; SANDBOX_EXCLUDE_FILES (or --exclude-files) replaces the list
. "$TOP/tests/sh/lib.sh"
mkdir -p pkg unit_tests tools
for f in test_alpha.py pkg/beta_test.py conftest.py pkg/conftest.py sitecustomize.py setup.py \
	pkg/__main__.py unit_tests/check_gamma.py unit_tests/helper.py; do
	printf 'def f(x):\n    """doc"""\n    return len(str(x))\n' >"$f"
done
printf 'import pkg.used_by_main\n' >>pkg/__main__.py
printf 'import tools.used_by_test\n' >>test_alpha.py
: >pkg/__init__.py
for f in tools/real.py pkg/used_by_main.py tools/used_by_test.py; do
	printf 'def g(y):\n    """doc"""\n    return [y, y]\n' >"$f"
done
expect_exit 0 menace discover --repo . --data-dir out
assert_eq "$(cat out/test_queue.json)" '["tools/real.py"]' "queue"
python3 - <<'P' || fail "discovered"
import json
assert sorted(json.load(open("out/discovered.json"))) == ["tools/real.py"]
P
# the variable replaces the list: only test_*.py now
expect_exit 0 env SANDBOX_EXCLUDE_FILES='test_*.py' "$MENACE" discover --repo . --data-dir v
assert_eq "$(cat v/test_queue.json)" '["conftest.py", "pkg/__main__.py", "pkg/beta_test.py", "pkg/conftest.py", "pkg/used_by_main.py", "setup.py", "sitecustomize.py", "tools/real.py"]' "queue with SANDBOX_EXCLUDE_FILES"
# a pattern with '/' matches the path; the flag beats the variable; ':' excludes nothing
expect_exit 0 env SANDBOX_EXCLUDE_FILES='test_*.py' "$MENACE" discover --repo . --data-dir p --exclude-files='pkg/*:*.py.no'
assert_eq "$(cat p/test_queue.json)" '["conftest.py", "setup.py", "sitecustomize.py", "test_alpha.py", "tools/real.py", "tools/used_by_test.py"]' "queue with --exclude-files"
expect_exit 0 menace discover --repo . --data-dir n --exclude-files=:
python3 - <<'P' || fail "nothing excluded"
import json
q = json.load(open("n/test_queue.json"))
assert "test_alpha.py" in q and "pkg/__main__.py" in q and not any(p.startswith("unit_tests/") for p in q), q
P
