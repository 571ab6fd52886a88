# menace metrics: Prometheus text (checked by a small parser) whose numbers
# match what the sqlite3 CLI reads from metrics.db, after a real discover,
# selftest, score and integrate on part of the example repository;
# integrate records its outcomes in metrics.db (schema version 2)
. "$TOP/tests/sh/lib.sh"
cat >parse.py <<'P'
"""Parse Prometheus text exposition; print NAME{LABELS} VALUE per sample."""
import re
import sys

sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)?\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$')
helped, typed, seen = set(), {}, []
for n, line in enumerate(sys.stdin, 1):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        name = line.split()[2]
        assert name not in helped, f"{n}: second HELP for {name}"
        helped.add(name)
    elif line.startswith("# TYPE "):
        _, _, name, kind = line.split(" ", 3)
        assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), f"{n}: type {kind}"
        assert name not in typed and name not in seen, f"{n}: TYPE of {name} after its samples"
        typed[name] = kind
    else:
        m = sample.match(line)
        assert m, f"{n}: not a sample line: {line!r}"
        name = m.group(1)
        assert name in typed and name in helped, f"{n}: {name} without HELP/TYPE"
        float(m.group(5))
        seen.append(name)
        print(line)
P
# no database: zeros, no scenario series, nothing created
expect_exit 0 menace metrics
python3 parse.py <.out >samples || fail "unparsable output"
assert_eq "$(grep -vc '^menace_' samples)" 5 "samples without a database"
# then the engine's build counters (0810), zeros too
assert_eq "$(grep -c '^menace_.* 0$' samples)" 7 "build counter samples without a database"
assert_grep 'orphan_modules_tested 0' samples
[ ! -e sandbox_data/metrics.db ] || fail "metrics created metrics.db"

sh "$TOP/examples/sandbox_repo.sh" repo -1 >/dev/null 2>&1 || fail "sandbox_repo.sh"
expect_exit 0 menace discover --repo repo
for m in pkg_b/common.py tools/sanitize.py tools/old_export.py; do
	for s in hostile_input user_misuse; do
		expect_exit 0 menace selftest --repo repo --module $m --scenario $s --timeout 60
	done
done
expect_exit 0 menace score --repo repo
expect_exit 0 menace integrate
expect_exit 0 menace metrics --data=sandbox_data
python3 parse.py <.out >samples || fail "unparsable output"
db=sandbox_data/metrics.db
q() { sqlite3 "$db" "$1"; }
assert_eq "$(q 'PRAGMA user_version')" 3 "schema version"
last="(SELECT run_id FROM integrations ORDER BY id DESC LIMIT 1)"
check() { grep -qxF "$1 $2" samples || { cat samples >&2; fail "want '$1 $2'"; }; }
check orphan_modules_tested "$(q "SELECT count(*) FROM integrations WHERE run_id = $last AND outcome IN ('integrated','kept','rejected')")"
check orphan_modules_reintroduced "$(q "SELECT count(*) FROM integrations WHERE run_id = $last AND outcome = 'integrated'")"
check orphan_modules_failed "$(q "SELECT count(*) FROM integrations WHERE run_id = $last AND reason = 'failed_tests'")"
check orphan_modules_redundant "$(q "SELECT count(*) FROM integrations WHERE run_id = $last AND reason = 'redundant'")"
check orphan_modules_legacy "$(q "SELECT count(*) FROM integrations WHERE run_id = $last AND reason = 'legacy'")"
for s in hostile_input user_misuse; do
	check "self_test_passed_total{scenario=\"$s\"}" "$(q "SELECT count(*) FROM selftest_runs WHERE scenario = '$s' AND passed = 1")"
	check "self_test_failed_total{scenario=\"$s\"}" "$(q "SELECT count(*) FROM selftest_runs WHERE scenario = '$s' AND passed = 0")"
	avg=$(q "SELECT printf('%.6f', avg(duration_s)) FROM selftest_runs WHERE scenario = '$s'")
	check "self_test_average_runtime_seconds{scenario=\"$s\"}" "$avg"
done
# and the numbers are the ones the example documents
check orphan_modules_tested 3
check orphan_modules_reintroduced 1
check orphan_modules_failed 1
check orphan_modules_legacy 1
# old_export.py has no test: its stub test fails both scenarios (docs/sandbox.md,
# "The self-test harness"); sanitize.py's tests fail under hostile input
check 'self_test_failed_total{scenario="hostile_input"}' 2
check 'self_test_failed_total{scenario="user_misuse"}' 1
assert_eq "$(q "SELECT outcome || ' ' || reason FROM integrations WHERE module = 'tools/stats.py'")" "untested not_tested" "untested module"

# a second integrate is the latest run: nothing new, pkg_b/common.py is kept
expect_exit 0 menace integrate
expect_exit 0 menace metrics
python3 parse.py <.out >samples || fail "unparsable output"
check orphan_modules_reintroduced 0
check orphan_modules_tested 3
assert_eq "$(q "SELECT count(DISTINCT run_id) FROM integrations")" 2 "integrate runs"

echo 'not a database' >"$db"
expect_exit 3 menace metrics
assert_grep 'sandbox_data/metrics.db' .err
expect_err 2 "menace: unknown option '--bogus'" menace metrics --bogus
