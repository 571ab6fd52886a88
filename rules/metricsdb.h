/* metricsdb.h: sandbox_data/metrics.db, the SQLite record of every self-test
 * run and every scored module, queryable with the plain sqlite3 CLI
 * (schema at the top of metricsdb.c and in docs/sandbox.md). Several
 * processes may write at once (WAL, busy timeout, BEGIN IMMEDIATE). */
#ifndef MENACE_METRICSDB_H
#define MENACE_METRICSDB_H

/* the schema version this menace writes (PRAGMA user_version) */
#define METRICSDB_VERSION 3

struct metricsdb;

/* one selftest_runs row */
struct metrics_selftest {
	const char *run_id, *module, *scenario, *level;
	int passed, exit_code, timed_out;
	double duration_s;
};

/* one module_scores row; a NaN number is stored as NULL */
struct metrics_score {
	const char *run_id, *module;
	double roi, roi_delta, raroi, entropy, entropy_delta, pass_rate;
};

/* one integrations row (integrate): outcome integrated | kept | rejected |
 * untested, reason "" | failed_tests | low_roi | redundant | legacy | not_tested */
struct metrics_integration {
	const char *run_id, *module, *outcome, *reason;
};

/* one notes row (menace note); tag "" when untagged; recorded_at is set
 * by the database when written, and read back by metricsdb_notes */
struct metrics_note {
	long long id;
	const char *run_id, *tag, *text, *recorded_at;
};

/* the orphan gauges of the latest integrate run (all 0 when there is none) */
struct metrics_orphans {
	long tested;          /* outcome integrated, kept or rejected */
	long reintroduced;    /* outcome integrated */
	long failed;          /* reason failed_tests */
	long redundant;       /* reason redundant */
	long legacy;          /* reason legacy */
};

/* open (create, migrate) the database at path, creating its directory;
 * NULL after a warning (unusable, or newer than METRICSDB_VERSION) */
struct metricsdb *metricsdb_open(const char *path);
void metricsdb_close(struct metricsdb *db);
/* leave the write-ahead log as it is when this connection closes: no
 * checkpoint, and the -wal and -shm files kept for the next writer. For
 * the many short writers of a build (one per selftest); the next close
 * without it (score's, integrate's) checkpoints and removes them. Once
 * the log holds METRICSDB_WAL_FRAMES pages or more, the close checkpoints
 * it and truncates it all the same: a connection that finds no other open
 * reads the whole log to rebuild its index, so a log that only grew would
 * cost each later self-test a read of all of it. */
void metricsdb_defer_checkpoint(struct metricsdb *db);
#define METRICSDB_WAL_FRAMES 64
/* a write transaction (BEGIN IMMEDIATE); 0 or -1 after a warning */
int metricsdb_begin(struct metricsdb *db);
int metricsdb_commit(struct metricsdb *db);
void metricsdb_rollback(struct metricsdb *db);
/* insert one row; 0 or -1 after a warning naming the statement */
int metricsdb_add_selftest(struct metricsdb *db, const struct metrics_selftest *r);
int metricsdb_add_score(struct metricsdb *db, const struct metrics_score *r);
int metricsdb_add_integration(struct metricsdb *db, const struct metrics_integration *r);
int metricsdb_add_note(struct metricsdb *db, const struct metrics_note *r);
/* fn(arg, note) for every note, oldest first, only those of tag unless it
 * is NULL; 0 or -1 after a warning (or fn's nonzero result) */
int metricsdb_notes(struct metricsdb *db, const char *tag,
                    int (*fn)(void *arg, const struct metrics_note *n), void *arg);
/* per scenario (in name order) over every selftest_runs row: fn(arg,
 * scenario, passed runs, failed runs, mean duration_s); 0 or -1 after a
 * warning (or fn's nonzero result) */
int metricsdb_selftest_stats(struct metricsdb *db,
                             int (*fn)(void *arg, const char *scenario, long passed,
                                       long failed, double mean_s),
                             void *arg);
/* the counts of the latest integrate run (highest row id); 0 or -1 */
int metricsdb_orphan_counts(struct metricsdb *db, struct metrics_orphans *c);
/* malloc'd id of this run: MENACE_RUN_ID when set, else
 * "YYYYMMDDTHHMMSSZ-PID" */
char *metricsdb_run_id(void);
/* the UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf */
void metricsdb_now(char buf[32]);

#endif
