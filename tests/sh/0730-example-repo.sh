# examples/sandbox_repo.sh makes a git repository of the example project; its
# tests run without pytest with the documented results; tools/sanitize.py
# fails under hostile_input only; the duplicate is byte-identical; flag sees
# the second commit's removed docstring and logging call
. "$TOP/tests/sh/lib.sh"
sh "$TOP/examples/sandbox_repo.sh" repo >/dev/null 2>&1 || fail "sandbox_repo.sh failed"
assert_eq "$(git -C repo rev-list --count HEAD)" 2 "commits"
assert_eq "$(git -C repo status --porcelain | wc -l)" 0 "uncommitted files"
expect_exit 1 sh "$TOP/examples/sandbox_repo.sh" repo
assert_grep "exists" .err
n=$(cd repo && find . -name '*.py' -not -path './tests/*' | wc -l)
[ "$n" -ge 30 ] && [ "$n" -le 60 ] || fail "$n modules"
cmp -s repo/app/slug.py repo/tools/slugify.py || fail "duplicate not byte-identical"
cmp -s repo/pkg_a/common.py repo/pkg_b/common.py && fail "pkg_a/common.py equals pkg_b/common.py"
grep -q 'importlib.import_module("app.plugins.csv_export")' repo/app/commands.py || fail "no dynamic import"

cd repo
python3 tests/run_tests.py >../run.out 2>&1 && fail "the stats test should fail"
assert_grep '30 passed, 1 failed' ../run.out
assert_grep 'FAIL ' ../run.out
[ "$(grep -c '^FAIL ' ../run.out)" -eq 1 ] || fail "more than one failure"
grep -q '^FAIL .*tests/test_stats.py::test_median_even$' ../run.out || fail "wrong failure"
# sanitize: each canonical scenario's FAILURE_MODES; only hostile_input fails
for mode in api_latency user_misuse '["concurrency_spike","cpu_spike"]' schema_drift flaky_upstream; do
	FAILURE_MODES=$mode python3 tests/run_tests.py tests/test_sanitize.py >../run.out 2>&1 || fail "sanitize failed under $mode"
done
FAILURE_MODES=hostile_input MALICIOUS_DATA=true python3 tests/run_tests.py tests/test_sanitize.py >../run.out 2>&1 && fail "sanitize passed under hostile_input"
assert_grep '1 passed, 1 failed' ../run.out
# the entry points work
printf '2024-01-03  salary  2500\n2024-01-05  rent  -900\n' >../l.ledger
assert_eq "$(python3 main.py balance ../l.ledger)" "balance: 1600.00 EUR" "main.py"
python3 -m scripts.backup ../l.ledger ../backup.json || fail "scripts.backup"
assert_grep '"entries": [["2024-01-03", "salary", 250000]' ../backup.json
cd ..

expect_exit 0 menace flag --repo repo
assert_eq "$(wc -l <sandbox_data/alignment_flags.jsonl)" 1 "alignment lines"
assert_grep '"issues":[{"message":"tools/stats.py: 1 docstring(s) removed","severity":0.75,"tier":3},{"message":"tools/stats.py: 1 logging call(s) removed","severity":0.5,"tier":2}],"lines_added":0,"lines_removed":5},"score":1.25,"severity":0.75}' sandbox_data/alignment_flags.jsonl

# one commit: only the new modules without a module docstring (tier 1)
sh "$TOP/examples/sandbox_repo.sh" one -1 >/dev/null 2>&1 || fail "sandbox_repo.sh -1 failed"
assert_eq "$(git -C one rev-list --count HEAD)" 1 "commits with -1"
expect_exit 0 menace flag --repo one --data d1
assert_eq "$(wc -c <d1/alignment_flags.jsonl)" 0 "alignment_flags.jsonl of a root commit"
expect_exit 0 menace flag --repo one --data d1 --warning-threshold=0.25
python3 - <<'P' || fail "root commit issues"
import json
line = json.loads(open("d1/alignment_flags.jsonl").read())
msgs = sorted(i["message"] for i in line["report"]["issues"])
assert msgs == ["app/slug.py: new module without a module docstring",
                "tools/slugify.py: new module without a module docstring",
                "tools/tiny.py: new module without a module docstring"], msgs
assert line["severity"] == 0.25 and line["score"] == 0.75 and line["report"]["lines_removed"] == 0
P
