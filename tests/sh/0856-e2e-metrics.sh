# menace metrics after real builds: the output parses as the Prometheus text
# format (a strict little parser here) and its numbers are those of
# metrics.db, read with the sqlite3 CLI
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
sed -i 's/scenario: \[hostile_input\]/scenario: [hostile_input, user_misuse]/' rules/sandbox.yaml
assert_grep 'scenario: [hostile_input, user_misuse]' rules/sandbox.yaml
e2e_build 1
printf '\n# more\n' >>repo/tools/audit.py
e2e_build 2
expect_exit 0 menace metrics
cp "$T/.out" metrics.txt
db=sandbox_data/metrics.db
sqlite3 -separator ' ' "$db" "select scenario, sum(passed), sum(1 - passed), avg(duration_s) from selftest_runs group by scenario order by scenario" >db.txt
assert_eq "$(sqlite3 "$db" 'select count(*) from selftest_runs')" 28 "selftest rows (26 + audit's 2)"
run=$(sqlite3 "$db" 'select run_id from integrations order by id desc limit 1')
sqlite3 -separator ' ' "$db" "select outcome, reason from integrations where run_id = '$run'" >integ.txt
python3 - <<'P' || fail "metrics do not parse or do not match metrics.db"
import re
types, samples, seen = {}, {}, set()
name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
for n, line in enumerate(open("metrics.txt").read().split("\n"), 1):
    if line == "":
        assert n == len(open("metrics.txt").read().split("\n")), "empty line inside"
        continue
    if line.startswith("#"):
        m = re.fullmatch(r"# (HELP|TYPE) (%s) (.+)" % name_re, line)
        assert m, "bad comment line %d: %r" % (n, line)
        if m.group(1) == "TYPE":
            assert m.group(3) in ("counter", "gauge"), line
            assert m.group(2) not in types, "TYPE twice: " + line
            types[m.group(2)] = m.group(3)
        continue
    label = r'(%s)="([^"\\]*)"' % name_re
    m = re.fullmatch(r'(%s)(\{(%s(?:,%s)*)\})? (\S+)' % (name_re, label, label), line)
    assert m, "bad sample line %d: %r" % (n, line)
    assert m.group(1) in types, "sample before its TYPE: " + line
    labels = dict(re.findall(label, m.group(3) or ""))
    assert (m.group(1), frozenset(labels.items())) not in seen, "duplicate " + line
    seen.add((m.group(1), frozenset(labels.items())))
    if set(labels) <= {"scenario"}:
        samples[(m.group(1), labels.get("scenario"))] = float(m.group(len(m.groups())))
db = {}
for line in open("db.txt"):
    scn, p, f, avg = line.split()
    db[scn] = (float(p), float(f), float(avg))
assert sorted(db) == ["hostile_input", "user_misuse"], db
for scn, (p, f, avg) in db.items():
    assert samples[("self_test_passed_total", scn)] == p, (scn, p)
    assert samples[("self_test_failed_total", scn)] == f, (scn, f)
    assert abs(samples[("self_test_average_runtime_seconds", scn)] - avg) < 1e-5, (scn, avg)
assert types["self_test_passed_total"] == "counter" and types["orphan_modules_tested"] == "gauge"
# hostile_input fails for sanitize and stats (their tests) and for old_export,
# slugify and rates (their stub tests); user_misuse for stats, old_export and
# slugify (docs/sandbox.md, "The self-test harness")
assert db["hostile_input"][1] == 5 and db["user_misuse"][1] == 3, db
rows = [l.split(" ", 1) for l in open("integ.txt").read().splitlines()]
outcomes = [r[0] for r in rows]
reasons = [r[1] if len(r) > 1 else "" for r in rows]
assert len(rows) == 13, rows
assert samples[("orphan_modules_tested", None)] == sum(o in ("integrated", "kept", "rejected") for o in outcomes)
assert samples[("orphan_modules_reintroduced", None)] == outcomes.count("integrated")
assert samples[("orphan_modules_failed", None)] == reasons.count("failed_tests") == 3
assert samples[("orphan_modules_redundant", None)] == reasons.count("redundant") == 2
assert samples[("orphan_modules_legacy", None)] == reasons.count("legacy") == 1
P
