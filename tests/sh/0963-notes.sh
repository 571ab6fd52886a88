# menace note [--tag TAG] TEXT stores tagged notes in metrics.db (table
# notes, schema 3, migrated from 2 with a backup); menace notes [--tag TAG]
# [--json] lists them; the four tags of the original, in any case; an
# unknown tag is a usage error with a did-you-mean
. "$TOP/tests/sh/lib.sh"
# nothing yet: an empty list, no database created
expect_exit 0 menace notes
[ ! -s .out ] || fail "notes listed from nothing"
expect_exit 0 menace notes --json
assert_eq "$(cat .out)" "[]" "empty JSON"
[ ! -e sandbox_data/metrics.db ] || fail "notes created metrics.db"
# a version-2 database (integrate's table, no notes) is migrated
mkdir sandbox_data
sqlite3 sandbox_data/metrics.db <<'SQL' || fail "sqlite3"
CREATE TABLE selftest_runs(id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, module TEXT NOT NULL,
  scenario TEXT NOT NULL, level TEXT NOT NULL, passed INTEGER NOT NULL, duration_s REAL NOT NULL,
  exit_code INTEGER NOT NULL, timed_out INTEGER NOT NULL, recorded_at TEXT NOT NULL);
CREATE TABLE module_scores(id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, module TEXT NOT NULL,
  roi REAL, roi_delta REAL, raroi REAL, entropy REAL, entropy_delta REAL, pass_rate REAL,
  recorded_at TEXT NOT NULL);
CREATE TABLE integrations(id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, module TEXT NOT NULL,
  outcome TEXT NOT NULL, reason TEXT NOT NULL, recorded_at TEXT NOT NULL);
INSERT INTO integrations VALUES(1, 'r0', 'a.py', 'integrated', '', '2026-01-01T00:00:00.000Z');
PRAGMA user_version = 2;
SQL
MENACE_RUN_ID=run-1 expect_exit 0 menace note --tag insight the cache works
db=sandbox_data/metrics.db
assert_eq "$(sqlite3 $db 'PRAGMA user_version')" 3 "schema version"
assert_eq "$(sqlite3 $db.v2.bak 'PRAGMA user_version')" 2 "backup"
assert_eq "$(sqlite3 $db 'SELECT count(*) FROM integrations')" 1 "old rows"
MENACE_RUN_ID=run-2 expect_exit 0 menace note "an untagged note"
expect_exit 0 menace note --tag=ERROR_FIX 'fixed: the parser'
expect_exit 0 menace note --tag Feedback good
expect_exit 0 menace note --tag IMPROVEMENT_PATH try caching
assert_eq "$(sqlite3 $db "SELECT run_id || '|' || tag || '|' || text FROM notes ORDER BY id" | head -2 | tr '\n' ' ')" \
	"run-1|INSIGHT|the cache works run-2||an untagged note " "rows"
expect_exit 0 menace notes
assert_eq "$(cut -f2,3 .out | tr '\t\n' ':;')" \
	"INSIGHT:the cache works;-:an untagged note;ERROR_FIX:fixed: the parser;FEEDBACK:good;IMPROVEMENT_PATH:try caching;" "list"
grep -Eq '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z	INSIGHT	' .out || fail "no timestamp"
expect_exit 0 menace notes --tag error_fix
assert_eq "$(cut -f2- .out)" "ERROR_FIX	fixed: the parser" "--tag"
expect_exit 0 menace notes --json
python3 - <<'P' || fail "--json"
import json
ns = json.load(open(".out"))
assert [n["tag"] for n in ns] == ["INSIGHT", None, "ERROR_FIX", "FEEDBACK", "IMPROVEMENT_PATH"], ns
assert ns[0]["text"] == "the cache works" and ns[0]["run_id"] == "run-1" and ns[0]["id"] == 1, ns
assert all(n["recorded_at"].endswith("Z") for n in ns)
P
# bad usage: exit 2, nothing stored
expect_err 2 "menace: unknown tag 'INSIGT' (did you mean 'INSIGHT'?)" menace note --tag INSIGT x
expect_err 2 "menace: unknown tag 'fedback' (did you mean 'FEEDBACK'?)" menace notes --tag fedback
expect_err 2 "menace: unknown tag 'TODO' (known: FEEDBACK, IMPROVEMENT_PATH, ERROR_FIX, INSIGHT)" menace note --tag TODO x
expect_err 2 "menace: note: no text" menace note --tag INSIGHT
expect_err 2 "menace: unexpected argument 'x'" menace notes x
assert_eq "$(sqlite3 $db 'SELECT count(*) FROM notes')" 5 "after the errors"
# --data and SANDBOX_DATA_DIR
expect_exit 0 menace note --data other --tag INSIGHT elsewhere
SANDBOX_DATA_DIR=other expect_exit 0 menace notes
assert_eq "$(cut -f2- .out)" "INSIGHT	elsewhere" "SANDBOX_DATA_DIR"
# a database it cannot use: exit 3
echo junk >bad.db && mkdir bad && mv bad.db bad/metrics.db
expect_exit 3 menace notes --data bad
