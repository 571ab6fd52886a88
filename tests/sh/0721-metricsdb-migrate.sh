# a version-1 metrics.db (as the selftest stage wrote it before the
# integrations and notes tables) is migrated to version 3 by integrate: backup kept,
# old rows intact, integrate's outcomes recorded
. "$TOP/tests/sh/lib.sh"
fixture integrate_basic
sqlite3 sandbox_data/metrics.db <<'SQL' || fail "sqlite3"
CREATE TABLE selftest_runs(id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, module TEXT NOT NULL,
  scenario TEXT NOT NULL, level TEXT NOT NULL, passed INTEGER NOT NULL, duration_s REAL NOT NULL,
  exit_code INTEGER NOT NULL, timed_out INTEGER NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX selftest_runs_scenario ON selftest_runs(scenario, level);
CREATE INDEX selftest_runs_module ON selftest_runs(module);
CREATE TABLE module_scores(id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, module TEXT NOT NULL,
  roi REAL, roi_delta REAL, raroi REAL, entropy REAL, entropy_delta REAL, pass_rate REAL,
  recorded_at TEXT NOT NULL);
CREATE INDEX module_scores_module ON module_scores(module);
INSERT INTO selftest_runs VALUES(1, 'r1', 'alpha.py', 'hostile_input', 'low', 1, 0.25, 0, 0, '2026-01-01T00:00:00.000Z');
PRAGMA user_version = 1;
SQL
MENACE_RUN_ID=run-a expect_exit 0 menace integrate
db=sandbox_data/metrics.db
assert_eq "$(sqlite3 $db 'PRAGMA user_version')" 3 "schema version"
assert_eq "$(sqlite3 sandbox_data/metrics.db.v1.bak 'PRAGMA user_version')" 1 "backup version"
assert_eq "$(sqlite3 $db 'SELECT module, duration_s FROM selftest_runs')" "alpha.py|0.25" "old rows"
assert_eq "$(sqlite3 $db "SELECT count(*) FROM integrations WHERE run_id = 'run-a'")" 9 "integration rows"
assert_eq "$(sqlite3 $db "SELECT outcome || ',' || reason FROM integrations WHERE module = 'gamma.py'")" "rejected,failed_tests" "gamma.py"
assert_eq "$(sqlite3 $db "SELECT outcome FROM integrations WHERE module = 'alpha.py'")" "integrated" "alpha.py"
expect_exit 0 menace metrics
assert_grep 'self_test_passed_total{scenario="hostile_input"} 1' .out
assert_grep 'orphan_modules_reintroduced 5' .out
# a database from a newer menace is refused: exit 3, the JSON outputs are written
sqlite3 $db 'PRAGMA user_version = 7'
rm sandbox_data/module_map.json sandbox_data/orphan_modules.json sandbox_data/workflows.json
expect_err 3 "menace: $db: schema version 7 is newer than this menace's 3" menace integrate
for f in module_map orphan_modules workflows; do
	[ -s sandbox_data/$f.json ] || fail "$f.json not written beside the refused database"
done
assert_eq "$(sqlite3 $db 'PRAGMA user_version')" 7 "the refused database's version"
