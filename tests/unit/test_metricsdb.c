/* unit tests of metrics.db: schema version, refusal of a newer schema,
 * concurrent writers */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "rules/isolation.h"
#include "rules/metricsdb.h"
#include "unit.h"
#include "base/util.h"

static char *dir;

static long long query(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -2;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static void test_create(void)
{
	char *path = xasprintf("%s/sub/metrics.db", dir);
	struct metricsdb *db = metricsdb_open(path);
	struct metrics_selftest r = {"run-1", "pkg/a.py", "hostile_input", "high", 1, 0, 0, 0.25};
	struct metrics_score s = {"run-1", "pkg/a.py", 1, 1, 0.9, NAN, 0, 1};

	CHECK(db != NULL);
	if (!db)
		return;
	CHECK_INT(metricsdb_begin(db), 0);
	CHECK_INT(metricsdb_add_selftest(db, &r), 0);
	CHECK_INT(metricsdb_add_score(db, &s), 0);
	CHECK_INT(metricsdb_commit(db), 0);
	metricsdb_close(db);
	CHECK_INT(query(path, "PRAGMA user_version"), METRICSDB_VERSION);
	CHECK_INT(query(path, "SELECT count(*) FROM selftest_runs WHERE scenario = 'hostile_input'"), 1);
	CHECK_INT(query(path, "SELECT count(*) FROM module_scores WHERE entropy IS NULL"), 1);
	CHECK_INT(query(path, "SELECT length(recorded_at) FROM selftest_runs"), 24);
	/* reopening keeps the rows and the version */
	db = metricsdb_open(path);
	CHECK(db != NULL);
	metricsdb_close(db);
	CHECK_INT(query(path, "SELECT count(*) FROM selftest_runs"), 1);
	free(path);
}

static void test_newer_refused(void)
{
	char *path = xasprintf("%s/newer.db", dir), *err;
	struct unit_capture c;
	struct metricsdb *db;
	sqlite3 *raw;

	sqlite3_open(path, &raw);
	sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(raw);
	unit_capture_begin(&c);
	db = metricsdb_open(path);
	err = unit_capture_end(&c);
	CHECK(db == NULL);
	CHECK_HAS(err, "/newer.db: schema version 99 is newer than this menace's ");
	free(err);
	CHECK_INT(query(path, "PRAGMA user_version"), 99);
	free(path);
	path = xasprintf("%s/garbage.db", dir);
	{
		FILE *f = fopen(path, "w");

		fputs("this is not a database, it is text that is long enough to look like a header....\n", f);
		fclose(f);
	}
	unit_capture_begin(&c);
	db = metricsdb_open(path);
	err = unit_capture_end(&c);
	CHECK(db == NULL);
	CHECK_HAS(err, "/garbage.db: file is not a database");
	free(err);
	free(path);
}

static void test_concurrent(void)
{
	char *path = xasprintf("%s/busy.db", dir);
	pid_t pids[4];
	int i, k, st, ok = 1;

	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			/* each opens the fresh database itself: creation races too */
			struct metricsdb *db = metricsdb_open(path);
			struct metrics_selftest r = {"run", "m.py", "user_misuse", "low", 0, 1, 0, 0.1};

			if (!db)
				_exit(1);
			for (k = 0; k < 25; k++) {
				if (metricsdb_begin(db) < 0 || metricsdb_add_selftest(db, &r) < 0 ||
				    metricsdb_commit(db) < 0)
					_exit(2);
			}
			metricsdb_close(db);
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++)
		if (waitpid(pids[i], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	CHECK(ok);
	CHECK_INT(query(path, "SELECT count(*) FROM selftest_runs"), 100);
	free(path);
}

/* one row a connection, as each `menace selftest` writes, its checkpoint
 * deferred: the write-ahead log stays bounded (each new connection reads
 * all of it to rebuild its index, so a log that only grew made every
 * self-test read megabytes), and no row is lost */
static void test_deferred_log_bounded(void)
{
	char *path = xasprintf("%s/deferred.db", dir);
	char *wal = xasprintf("%s-wal", path);
	struct metrics_selftest r = {"run-1", "pkg/a.py", "hostile_input", "high", 1, 0, 0, 0.25};
	struct stat st;
	long long most = 0;
	int i;

	for (i = 0; i < 300; i++) {
		struct metricsdb *db = metricsdb_open(path);

		CHECK(db != NULL);
		if (!db)
			break;
		metricsdb_defer_checkpoint(db);
		CHECK_INT(metricsdb_begin(db), 0);
		CHECK_INT(metricsdb_add_selftest(db, &r), 0);
		CHECK_INT(metricsdb_commit(db), 0);
		metricsdb_close(db);
		if (stat(wal, &st) == 0 && st.st_size > most)
			most = st.st_size;
	}
	CHECK(most > 0);
	CHECK(most <= (METRICSDB_WAL_FRAMES + 16) * 4120LL);
	CHECK_INT(query(path, "SELECT count(*) FROM selftest_runs"), 300);
	free(wal);
	free(path);
}

static void test_run_id(void)
{
	char *id;

	setenv("MENACE_RUN_ID", "cycle-3", 1);
	id = metricsdb_run_id();
	CHECK_STR(id, "cycle-3");
	free(id);
	unsetenv("MENACE_RUN_ID");
	id = metricsdb_run_id();
	CHECK(strlen(id) > 17 && id[8] == 'T' && id[15] == 'Z' && id[16] == '-');
	free(id);
}

int main(void)
{
	dir = isolation_mkdtemp("menace-unit-metricsdb");
	if (!dir)
		return 1;
	RUN(test_create);
	RUN(test_newer_refused);
	RUN(test_concurrent);
	RUN(test_run_id);
	RUN(test_deferred_log_bounded);
	isolation_rmtree(dir);
	free(dir);
	return unit_failed != 0;
}
