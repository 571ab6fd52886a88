/* metricsdb.c: all SQL of sandbox_data/metrics.db.
 *
 * Schema version 1 (PRAGMA user_version = 1):
 *
 *   selftest_runs(id INTEGER PRIMARY KEY, run_id TEXT, module TEXT,
 *                 scenario TEXT, level TEXT, passed INTEGER 0/1,
 *                 duration_s REAL, exit_code INTEGER, timed_out INTEGER 0/1,
 *                 recorded_at TEXT)       one row per `menace selftest`
 *   module_scores(id INTEGER PRIMARY KEY, run_id TEXT, module TEXT, roi REAL,
 *                 roi_delta REAL, raroi REAL, entropy REAL (NULL when the
 *                 module does not tokenize), entropy_delta REAL,
 *                 pass_rate REAL, recorded_at TEXT)
 *                                         one row per module per `menace score`
 *   indexes on selftest_runs(scenario, level), selftest_runs(module),
 *   module_scores(module).
 *
 * Schema version 2 adds (additive; version 1 databases are migrated):
 *
 *   integrations(id INTEGER PRIMARY KEY, run_id TEXT, module TEXT,
 *                outcome TEXT, reason TEXT, recorded_at TEXT)
 *                                         one row per discovered module per
 *                                         `menace integrate`; outcome
 *                                         integrated|kept|rejected|untested,
 *                                         reason "" or why it was not integrated
 *   index on integrations(run_id).
 *
 * Schema version 3 adds (additive; older databases are migrated):
 *
 *   notes(id INTEGER PRIMARY KEY, run_id TEXT, tag TEXT, text TEXT,
 *         recorded_at TEXT)               one row per `menace note`; tag
 *                                         FEEDBACK|IMPROVEMENT_PATH|ERROR_FIX|
 *                                         INSIGHT, or "" for an untagged note
 *   index on notes(tag).
 *
 * module is a repo-relative path, scenario a canonical scenario name, level
 * "low" or "high", recorded_at ISO 8601 UTC ("2026-11-26T11:22:33.456Z"),
 * run_id MENACE_RUN_ID or "YYYYMMDDTHHMMSSZ-PID".
 *
 * To extend: append a migration to migrations[] (never edit an old one),
 * add its statements to the enum and stmts[], bump METRICSDB_VERSION. An
 * older database is backed up to PATH.vN.bak (VACUUM INTO) and migrated in
 * one transaction; a newer one is refused. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "engine/sql.h"
#include "rules/metricsdb.h"
#include "base/path.h"
#include "base/util.h"

static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE selftest_runs(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id TEXT NOT NULL,\n"
	"  module TEXT NOT NULL,\n"
	"  scenario TEXT NOT NULL,\n"
	"  level TEXT NOT NULL,\n"
	"  passed INTEGER NOT NULL,\n"
	"  duration_s REAL NOT NULL,\n"
	"  exit_code INTEGER NOT NULL,\n"
	"  timed_out INTEGER NOT NULL,\n"
	"  recorded_at TEXT NOT NULL);\n"
	"CREATE INDEX selftest_runs_scenario ON selftest_runs(scenario, level);\n"
	"CREATE INDEX selftest_runs_module ON selftest_runs(module);\n"
	"CREATE TABLE module_scores(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id TEXT NOT NULL,\n"
	"  module TEXT NOT NULL,\n"
	"  roi REAL,\n"
	"  roi_delta REAL,\n"
	"  raroi REAL,\n"
	"  entropy REAL,\n"
	"  entropy_delta REAL,\n"
	"  pass_rate REAL,\n"
	"  recorded_at TEXT NOT NULL);\n"
	"CREATE INDEX module_scores_module ON module_scores(module);\n",
	/* 1 -> 2: integrate's outcomes */
	"CREATE TABLE integrations(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id TEXT NOT NULL,\n"
	"  module TEXT NOT NULL,\n"
	"  outcome TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL,\n"
	"  recorded_at TEXT NOT NULL);\n"
	"CREATE INDEX integrations_run ON integrations(run_id);\n",
	/* 2 -> 3: menace note */
	"CREATE TABLE notes(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id TEXT NOT NULL,\n"
	"  tag TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  recorded_at TEXT NOT NULL);\n"
	"CREATE INDEX notes_tag ON notes(tag);\n",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == METRICSDB_VERSION,
	       "one migration per schema version");

enum stmt {
	ST_ADD_SELFTEST,
	ST_ADD_SCORE,
	ST_ADD_INTEGRATION,
	ST_SELFTEST_STATS,
	ST_ORPHAN_COUNTS,
	ST_ADD_NOTE,
	ST_NOTES,
	ST_COUNT
};

static const char *const stmts[ST_COUNT] = {
	[ST_ADD_SELFTEST] =
		"INSERT INTO selftest_runs(run_id, module, scenario, level, passed,"
		" duration_s, exit_code, timed_out, recorded_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_ADD_SCORE] =
		"INSERT INTO module_scores(run_id, module, roi, roi_delta, raroi, entropy,"
		" entropy_delta, pass_rate, recorded_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_ADD_INTEGRATION] =
		"INSERT INTO integrations(run_id, module, outcome, reason, recorded_at)"
		" VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_SELFTEST_STATS] =
		"SELECT scenario, sum(passed != 0), sum(passed = 0), avg(duration_s)"
		" FROM selftest_runs GROUP BY scenario ORDER BY scenario",
	[ST_ORPHAN_COUNTS] =
		"SELECT count(*) FILTER (WHERE outcome IN ('integrated', 'kept', 'rejected')),"
		" count(*) FILTER (WHERE outcome = 'integrated'),"
		" count(*) FILTER (WHERE reason = 'failed_tests'),"
		" count(*) FILTER (WHERE reason = 'redundant'),"
		" count(*) FILTER (WHERE reason = 'legacy')"
		" FROM integrations"
		" WHERE run_id = (SELECT run_id FROM integrations ORDER BY id DESC LIMIT 1)",
	[ST_ADD_NOTE] =
		"INSERT INTO notes(run_id, tag, text, recorded_at) VALUES(?1, ?2, ?3, ?4)",
	[ST_NOTES] =
		"SELECT id, run_id, tag, text, recorded_at FROM notes"
		" WHERE ?1 IS NULL OR tag = ?1 ORDER BY id",
};

struct metricsdb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[ST_COUNT];
	int wal_frames;           /* deferring: pages in the log after its last commit */
};

static int sqlerr(struct metricsdb *m, const char *sql)
{
	return sql_error(m->db, sql, "%s", m->path);
}

static int exec(struct metricsdb *m, const char *sql)
{
	if (sqlite3_exec(m->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(m, sql);
	return 0;
}

static int user_version(struct metricsdb *m, int *v)
{
	if (sql_user_version(m->db, v) < 0)
		return sqlerr(m, "PRAGMA user_version");
	return 0;
}

/* journal_mode=WAL needs a moment without other writers; the busy
 * handler does not cover it, so retry briefly */
static int set_wal(struct metricsdb *m)
{
	int tries;

	for (tries = 0; tries < 200; tries++) {
		int rc = sqlite3_exec(m->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		usleep(10000);
	}
	return sqlerr(m, "PRAGMA journal_mode=WAL");
}

static int migrate(struct metricsdb *m)
{
	int v, i;

	if (user_version(m, &v) < 0)
		return -1;
	if (v > METRICSDB_VERSION)
		return error("%s: schema version %d is newer than this menace's %d",
			     m->path, v, METRICSDB_VERSION);
	if (v == METRICSDB_VERSION)
		return 0;
	if (v > 0) {
		char *bak = xasprintf("%s.v%d.bak", m->path, v);
		char *sql = sqlite3_mprintf("VACUUM INTO %Q", bak);

		unlink(bak);
		i = exec(m, sql);
		sqlite3_free(sql);
		free(bak);
		if (i < 0)
			return -1;
	}
	if (metricsdb_begin(m) < 0)
		return -1;
	/* another process may have migrated while we waited for the lock */
	if (user_version(m, &v) < 0)
		goto fail;
	for (i = v; i < METRICSDB_VERSION; i++)
		if (exec(m, migrations[i]) < 0)
			goto fail;
	if (v < METRICSDB_VERSION) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", METRICSDB_VERSION);
		if (exec(m, sql) < 0)
			goto fail;
	}
	return metricsdb_commit(m);
fail:
	metricsdb_rollback(m);
	return -1;
}

struct metricsdb *metricsdb_open(const char *path)
{
	struct metricsdb *m = xcalloc(1, sizeof(*m));

	m->path = xstrdup(path);
	if (mkdir_parents(path) < 0) {
		warn("cannot create the directory of '%s':", path);
		goto fail;
	}
	if (sqlite3_open_v2(path, &m->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (!m->db) {
			warn("%s: cannot open the database", path);
			goto fail;
		}
		sqlerr(m, "open");
		goto fail;
	}
	sqlite3_busy_timeout(m->db, 15000);
	if (set_wal(m) < 0 || exec(m, "PRAGMA synchronous=NORMAL") < 0 || migrate(m) < 0)
		goto fail;
	return m;
fail:
	metricsdb_close(m);
	return NULL;
}

/* the wal hook (replacing the automatic checkpoint's, which a deferring
 * connection does not want either): the log's size after each commit */
static int wal_frames(void *ctx, sqlite3 *db, const char *name, int frames)
{
	struct metricsdb *m = ctx;

	(void)db;
	(void)name;
	m->wal_frames = frames;
	return SQLITE_OK;
}

void metricsdb_defer_checkpoint(struct metricsdb *m)
{
	int on = 1;

	sqlite3_file_control(m->db, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
	sqlite3_db_config(m->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_hook(m->db, wal_frames, m);
}

void metricsdb_close(struct metricsdb *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(m->st[i]);
	/* a long log costs every later connection a read of all of it; busy
	 * (another writer): the next close tries */
	if (m->wal_frames >= METRICSDB_WAL_FRAMES)
		sqlite3_wal_checkpoint_v2(m->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_close(m->db);
	free(m->path);
	free(m);
}

int metricsdb_begin(struct metricsdb *m)
{
	return exec(m, "BEGIN IMMEDIATE");
}

int metricsdb_commit(struct metricsdb *m)
{
	return exec(m, "COMMIT");
}

void metricsdb_rollback(struct metricsdb *m)
{
	sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

/* statement s, prepared on its first use (a self-test's connection uses
 * one of them); NULL after an error */
static sqlite3_stmt *stmt(struct metricsdb *m, enum stmt s)
{
	if (!m->st[s] && sqlite3_prepare_v3(m->db, stmts[s], -1, SQLITE_PREPARE_PERSISTENT,
					    &m->st[s], NULL) != SQLITE_OK) {
		sqlerr(m, stmts[s]);
		sqlite3_finalize(m->st[s]);
		m->st[s] = NULL;
	}
	return m->st[s];
}

/* run statement s, its parameters bound */
static int step(struct metricsdb *m, enum stmt s)
{
	int rc = sqlite3_step(m->st[s]);

	sqlite3_reset(m->st[s]);
	sqlite3_clear_bindings(m->st[s]);
	if (rc != SQLITE_DONE)
		return sqlerr(m, stmts[s]);
	return 0;
}

int metricsdb_add_selftest(struct metricsdb *m, const struct metrics_selftest *r)
{
	sqlite3_stmt *st = stmt(m, ST_ADD_SELFTEST);
	char now[32];

	if (!st)
		return -1;
	metricsdb_now(now);
	sqlite3_bind_text(st, 1, r->run_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->module, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, r->scenario, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, r->level, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, !!r->passed);
	sqlite3_bind_double(st, 6, r->duration_s);
	sqlite3_bind_int(st, 7, r->exit_code);
	sqlite3_bind_int(st, 8, !!r->timed_out);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
	return step(m, ST_ADD_SELFTEST);
}

int metricsdb_add_score(struct metricsdb *m, const struct metrics_score *r)
{
	sqlite3_stmt *st = stmt(m, ST_ADD_SCORE);
	char now[32];

	if (!st)
		return -1;
	metricsdb_now(now);
	sqlite3_bind_text(st, 1, r->run_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, r->module, -1, SQLITE_TRANSIENT);
	bind_real(st, 3, r->roi);
	bind_real(st, 4, r->roi_delta);
	bind_real(st, 5, r->raroi);
	bind_real(st, 6, r->entropy);
	bind_real(st, 7, r->entropy_delta);
	bind_real(st, 8, r->pass_rate);
	sqlite3_bind_text(st, 9, now, -1, SQLITE_TRANSIENT);
	return step(m, ST_ADD_SCORE);
}

/* bind v[0..n) to the parameters 1..n of statement s, then run it */
static int insert_texts(struct metricsdb *m, enum stmt s, const char *const *v, int n)
{
	sqlite3_stmt *st = stmt(m, s);
	int i;

	if (!st)
		return -1;
	for (i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	return step(m, s);
}

int metricsdb_add_integration(struct metricsdb *m, const struct metrics_integration *r)
{
	char now[32];

	metricsdb_now(now);
	return insert_texts(m, ST_ADD_INTEGRATION,
	                    (const char *const[]){r->run_id, r->module, r->outcome, r->reason, now}, 5);
}

int metricsdb_selftest_stats(struct metricsdb *m,
                             int (*fn)(void *arg, const char *scenario, long passed,
                                       long failed, double mean_s),
                             void *arg)
{
	sqlite3_stmt *st = stmt(m, ST_SELFTEST_STATS);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(arg, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
		       sqlite3_column_int64(st, 2), sqlite3_column_double(st, 3)) != 0) {
			sqlite3_reset(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sqlerr(m, stmts[ST_SELFTEST_STATS]);
	return 0;
}

int metricsdb_orphan_counts(struct metricsdb *m, struct metrics_orphans *c)
{
	sqlite3_stmt *st = stmt(m, ST_ORPHAN_COUNTS);
	int rc;

	memset(c, 0, sizeof(*c));
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->tested = (long)sqlite3_column_int64(st, 0);
		c->reintroduced = (long)sqlite3_column_int64(st, 1);
		c->failed = (long)sqlite3_column_int64(st, 2);
		c->redundant = (long)sqlite3_column_int64(st, 3);
		c->legacy = (long)sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return sqlerr(m, stmts[ST_ORPHAN_COUNTS]);
	return 0;
}

int metricsdb_add_note(struct metricsdb *m, const struct metrics_note *r)
{
	char now[32];

	metricsdb_now(now);
	return insert_texts(m, ST_ADD_NOTE, (const char *const[]){r->run_id, r->tag, r->text, now}, 4);
}

static const char *column(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

int metricsdb_notes(struct metricsdb *m, const char *tag,
                    int (*fn)(void *arg, const struct metrics_note *n), void *arg)
{
	sqlite3_stmt *st = stmt(m, ST_NOTES);
	struct metrics_note n;
	int rc;

	if (!st)
		return -1;
	if (tag)
		sqlite3_bind_text(st, 1, tag, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n.id = sqlite3_column_int64(st, 0);
		n.run_id = column(st, 1);
		n.tag = column(st, 2);
		n.text = column(st, 3);
		n.recorded_at = column(st, 4);
		if (fn(arg, &n) != 0) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return -1;
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return sqlerr(m, stmts[ST_NOTES]);
	return 0;
}

char *metricsdb_run_id(void)
{
	const char *env = getenv("MENACE_RUN_ID");
	time_t t;
	struct tm tm;
	char ts[32];

	if (env && *env)
		return xstrdup(env);
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	return xasprintf("%s-%ld", ts, (long)getpid());
}

void metricsdb_now(char buf[32])
{
	long long ns = wall_ns();
	time_t t = (time_t)(ns / 1000000000);
	struct tm tm;
	char ts[24];

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%s.%03dZ", ts, (int)(ns / 1000000 % 1000));
}
