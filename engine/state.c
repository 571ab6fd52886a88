/* state.c: all SQL of menace.db.
 *
 * Schema, version 1 (PRAGMA user_version = 1). Hashes are 16-byte BLOBs,
 * the XXH3-128 value's high then low 64 bits, big-endian (the order of its
 * hex form). Times are nanoseconds: *_at and recorded_ns on the wall clock
 * (Unix epoch), start_ns/end_ns since their run began.
 *
 *   files(path TEXT PRIMARY KEY, mtime_ns, ctime_ns, size, inode, hash BLOB,
 *         recorded_ns)        the stat cache: the content hash of path is
 *                             reused while the tuple is unchanged; recorded_ns
 *                             is when the row was taken (racy-entry test)
 *   results(key BLOB, rule TEXT, outputs TEXT, exit, duration_ns,
 *           finished_at, PRIMARY KEY(key, rule))
 *                             no longer written: menace 0.1 put every
 *                             successful run here by key, which nothing read
 *                             and nothing pruned (the local cache restores by
 *                             key); kept so that the schema stays version 1
 *   last(rule TEXT PRIMARY KEY, key BLOB, outputs TEXT, deps TEXT)
 *                             each rule's last successful run: its key, its
 *                             outputs ("HEX PATH\n" per output in the rule's
 *                             out order), its depfile inputs
 *                             "PATH\n" each (scanned whole at start)
 *   keys(rule TEXT PRIMARY KEY, keytext BLOB)
 *                             the serialization of each rule's last key, read
 *                             only to explain a changed key
 *   runs(id INTEGER PRIMARY KEY, command, started_at, finished_at, status,
 *        ran, cached, restored, failed, skipped)
 *                             the build log: one row per build
 *   events(run, rule, key BLOB, reason, status, exit, slot, start_ns, end_ns)
 *                             one row per rule that ran, failed or was
 *                             skipped in a run (up-to-date rules are counted
 *                             in runs, not logged); the events of all but the
 *                             last KEEP_RUNS runs are deleted
 *
 * A database with a lower user_version is migrated in one transaction; a
 * higher or negative one, version 0 with tables in it (not made by menace),
 * or a file that is not a database, is refused (EXIT_STATE).
 * WAL mode, synchronous=NORMAL; writes are batched by the caller. */
#include <errno.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graph/graph.h"
#include "engine/sql.h"
#include "engine/state.h"
#include "engine/statcopy.h"
#include "base/util.h"

enum stmt {
	S_FILES_LOAD,
	S_FILES_PUT,
	S_FILES_DEL,
	S_LAST_LOAD,
	S_LAST_KEYTEXT,
	S_LAST_PUT,
	S_KEYS_PUT,
	S_LAST_DEL,
	S_EVENTS_PRUNE,
	S_RUN_BEGIN,
	S_RUN_END,
	S_EVENT_PUT,
	S_RUN_LAST,
	S_EVENTS_OF,
	S_EVENTS_SLOWEST,
	S_RUN_TOTALS,
	S_RUN_LAST_DONE,
	S_BEGIN,
	S_COMMIT,
	S_NSTMT
};

static const char *const sql[S_NSTMT] = {
	[S_FILES_LOAD] = "SELECT path, mtime_ns, ctime_ns, size, inode, hash, recorded_ns FROM files",
	[S_FILES_PUT] = "INSERT OR REPLACE INTO files(path, mtime_ns, ctime_ns, size, inode, hash, recorded_ns) VALUES(?,?,?,?,?,?,?)",
	[S_FILES_DEL] = "DELETE FROM files WHERE path = ?",
	[S_LAST_LOAD] = "SELECT rule, key, outputs, deps FROM last",
	[S_LAST_KEYTEXT] = "SELECT keytext FROM keys WHERE rule = ?",
	[S_LAST_PUT] = "INSERT OR REPLACE INTO last(rule, key, outputs, deps) VALUES(?,?,?,?)",
	[S_KEYS_PUT] = "INSERT OR REPLACE INTO keys(rule, keytext) VALUES(?,?)",
	[S_LAST_DEL] = "DELETE FROM last WHERE rule = ?",
	[S_EVENTS_PRUNE] = "DELETE FROM events WHERE run <= ?",
	[S_RUN_BEGIN] = "INSERT INTO runs(command, started_at) VALUES(?,?)",
	[S_RUN_END] = "UPDATE runs SET finished_at = ?, status = ?, ran = ?, cached = ?, restored = ?, failed = ?, skipped = ? WHERE id = ?",
	[S_EVENT_PUT] = "INSERT INTO events(run, rule, key, reason, status, exit, slot, start_ns, end_ns) VALUES(?,?,?,?,?,?,?,?,?)",
	[S_RUN_LAST] = "SELECT id, started_at FROM runs ORDER BY id DESC LIMIT 1",
	[S_EVENTS_OF] = "SELECT rule, key, reason, status, exit, slot, start_ns, end_ns FROM events WHERE run = ? ORDER BY start_ns",
	/* SQLite takes the bare columns from the row of the max() */
	[S_EVENTS_SLOWEST] = "SELECT rule, status, max(end_ns - start_ns) FROM events"
	                     " WHERE status IN ('ran', 'failed') GROUP BY rule ORDER BY 3 DESC, rule LIMIT ?",
	[S_RUN_TOTALS] = "SELECT count(*), total(ran), total(cached), total(restored), total(failed),"
	                  " total(skipped) FROM runs WHERE finished_at IS NOT NULL",
	[S_RUN_LAST_DONE] = "SELECT command, status, finished_at - started_at, ran, cached, restored,"
	                     " failed, skipped FROM runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
	[S_BEGIN] = "BEGIN",
	[S_COMMIT] = "COMMIT",
};

/* migrations[v] brings a database from version v to v + 1 */
static const char *const migrations[STATE_VERSION] = {
	"CREATE TABLE files(path TEXT PRIMARY KEY, mtime_ns INTEGER, ctime_ns INTEGER,"
	" size INTEGER, inode INTEGER, hash BLOB, recorded_ns INTEGER) WITHOUT ROWID;"
	"CREATE TABLE results(key BLOB, rule TEXT, outputs TEXT, exit INTEGER,"
	" duration_ns INTEGER, finished_at INTEGER, PRIMARY KEY(key, rule)) WITHOUT ROWID;"
	"CREATE TABLE last(rule TEXT PRIMARY KEY, key BLOB, outputs TEXT, deps TEXT) WITHOUT ROWID;"
	"CREATE TABLE keys(rule TEXT PRIMARY KEY, keytext BLOB) WITHOUT ROWID;"
	"CREATE TABLE runs(id INTEGER PRIMARY KEY, command TEXT, started_at INTEGER,"
	" finished_at INTEGER, status INTEGER, ran INTEGER, cached INTEGER,"
	" restored INTEGER, failed INTEGER, skipped INTEGER);"
	"CREATE TABLE events(run INTEGER, rule TEXT, key BLOB, reason TEXT, status TEXT,"
	" exit INTEGER, slot INTEGER, start_ns INTEGER, end_ns INTEGER);"
	"CREATE INDEX events_run ON events(run);",
};

/* the build log keeps the events of this many runs */
enum { KEEP_RUNS = 20 };

struct state {
	sqlite3 *db;          /* NULL: a read-only state whose file does not exist */
	char *path;
	int readonly;
	int intx;
	int copy_loaded;      /* the stat cache came from its copy (statcopy.h) */
	int files_written;    /* this run changed the files table */
	sqlite3_stmt *stmt[S_NSTMT];
};

static int db_error(struct state *st, const char *what)
{
	return sql_error(st->db, NULL, "state '%s': %s", st->path, what);
}

static sqlite3_stmt *prep(struct state *st, enum stmt s)
{
	if (!st->stmt[s] && sqlite3_prepare_v3(st->db, sql[s], -1, SQLITE_PREPARE_PERSISTENT,
	                                       &st->stmt[s], NULL) != SQLITE_OK) {
		db_error(st, sql[s]);
		return NULL;
	}
	return st->stmt[s];
}

/* step a statement that returns no rows, then reset it */
static int run(struct state *st, enum stmt s)
{
	int rc = sqlite3_step(st->stmt[s]);

	sqlite3_reset(st->stmt[s]);
	sqlite3_clear_bindings(st->stmt[s]);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(st, sql[s]);
	return 0;
}

static void put_hash(unsigned char out[16], struct hash h)
{
	int i;

	for (i = 0; i < 8; i++) {
		out[i] = (unsigned char)(h.hi >> (56 - 8 * i));
		out[8 + i] = (unsigned char)(h.lo >> (56 - 8 * i));
	}
}

static struct hash get_hash(sqlite3_stmt *s, int col)
{
	const unsigned char *p = sqlite3_column_blob(s, col);
	struct hash h = {0, 0};
	int i;

	if (!p || sqlite3_column_bytes(s, col) != 16)
		return h;
	for (i = 0; i < 8; i++) {
		h.hi = h.hi << 8 | p[i];
		h.lo = h.lo << 8 | p[8 + i];
	}
	return h;
}

static int bind_hash(sqlite3_stmt *s, int col, struct hash h)
{
	unsigned char b[16];

	put_hash(b, h);
	return sqlite3_bind_blob(s, col, b, 16, SQLITE_TRANSIENT);
}

static int exec(struct state *st, const char *text)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, text, NULL, NULL, &msg) != SQLITE_OK) {
		error("state '%s': %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(struct state *st, int *v)
{
	if (sql_user_version(st->db, v) < 0)
		return sql_error(st->db, NULL, "cannot use state '%s'", st->path);
	return 0;
}

/* 1 when the database holds any table, index or view; -1 after an error */
static int has_schema(struct state *st)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return sql_error(st->db, NULL, "cannot use state '%s'", st->path);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_error(st->db, NULL, "cannot use state '%s'", st->path);
	return rc == SQLITE_ROW;
}

/* 0 when menace can read or migrate schema version v, else -1 after the error */
static int check_version(struct state *st, int v)
{
	int tables;

	if (v > STATE_VERSION)
		return error("state '%s' has schema version %d; this menace reads version %d or older"
		             " (remove it to start afresh)", st->path, v, STATE_VERSION);
	if (v < 0)
		return error("state '%s' has an invalid schema version %d (remove it to start afresh)", st->path, v);
	if (v > 0)
		return 0;
	/* version 0 is a new, empty database; one with tables is not menace's */
	if ((tables = has_schema(st)) < 0)
		return -1;
	if (tables)
		return error("state '%s' has schema version 0 but holds tables (remove it to start afresh)",
		             st->path);
	return 0;
}

static int migrate(struct state *st, int from)
{
	int v;

	if (exec(st, "BEGIN IMMEDIATE") < 0)
		return -1;
	for (v = from; v < STATE_VERSION; v++) {
		char *pragma;

		if (exec(st, migrations[v]) < 0)
			goto fail;
		pragma = xasprintf("PRAGMA user_version = %d", v + 1);
		if (exec(st, pragma) < 0) {
			free(pragma);
			goto fail;
		}
		free(pragma);
	}
	return exec(st, "COMMIT");
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

struct state *state_open(const char *path, int readonly)
{
	struct state *st = xcalloc(1, sizeof(*st));
	struct stat sb;
	int v, rc;

	st->path = xstrdup(path);
	st->readonly = readonly;
	if (readonly && stat(path, &sb) < 0 && errno == ENOENT)
		return st;
	/* read only: with no write-ahead log to read, it is opened immutable,
	 * so a dry run changes nothing on disk */
	if (readonly)
		rc = sql_open_read(path, &st->db);
	else
		rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE |
		                     SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		sql_error(st->db, NULL, "cannot open state '%s'", path);
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (user_version(st, &v) < 0 || check_version(st, v) < 0)
		goto fail;
	if (!readonly) {
		if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL") < 0)
			goto fail;
		if (v < STATE_VERSION && migrate(st, v) < 0)
			goto fail;
	} else if (v < STATE_VERSION) {
		/* an old database cannot be read without migrating: treat it as empty */
		sqlite3_close(st->db);
		st->db = NULL;
	}
	return st;
fail:
	state_close(st);
	return NULL;
}

void state_close(struct state *st)
{
	int i;

	if (!st)
		return;
	if (st->db) {
		if (st->intx)
			state_commit(st);
		for (i = 0; i < S_NSTMT; i++)
			sqlite3_finalize(st->stmt[i]);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

/* the stat cache's copy: beside the database, with the graph snapshot */
static char *copy_path(const struct state *st)
{
	const char *slash = strrchr(st->path, '/');

	return slash ? xasprintf("%.*s/graph.snapshot.files", (int)(slash - st->path), st->path)
	             : xstrdup("graph.snapshot.files");
}

/* the database file's inode, which the copy names; 0 when unknown */
static unsigned long long db_inode(const struct state *st)
{
	struct stat sb;

	return stat(st->path, &sb) == 0 ? (unsigned long long)sb.st_ino : 0;
}

int state_load_files(struct state *st, struct filecache *fc, struct graph *g)
{
	sqlite3_stmt *s;
	unsigned long long ino;
	char *copy;
	int rc;

	if (!st->db)
		return 0;
	copy = copy_path(st);
	ino = db_inode(st);
	st->copy_loaded = ino && statcopy_load(copy, ino, fc, g) == 1;
	free(copy);
	if (st->copy_loaded)
		return 0;
	if (!(s = prep(st, S_FILES_LOAD)))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 0);
		struct node *n;
		struct fentry *e;

		if (!path)
			continue;
		n = g ? graph_find_node(g, path, len) : NULL;
		if (n) {
			/* a node's entry hangs off the node (workspace_fentry) */
			if (!n->priv)
				n->priv = filecache_add(fc, n->path);
			e = n->priv;
		} else {
			e = filecache_put(fc, path, len, 0);
		}
		e->mtime_ns = sqlite3_column_int64(s, 1);
		e->ctime_ns = sqlite3_column_int64(s, 2);
		e->size = sqlite3_column_int64(s, 3);
		e->inode = sqlite3_column_int64(s, 4);
		e->hash = get_hash(s, 5);
		e->recorded_ns = sqlite3_column_int64(s, 6);
		e->known = 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, sql[S_FILES_LOAD]);
	return 0;
}

int state_load_last(struct state *st, void (*fn)(void *ctx, const struct state_last *l), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (!st->db)
		return 0;
	if (!(s = prep(st, S_LAST_LOAD)))
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct state_last l;

		l.rule = (const char *)sqlite3_column_text(s, 0);
		l.key = get_hash(s, 1);
		l.outputs = (const char *)sqlite3_column_text(s, 2);
		l.deps = (const char *)sqlite3_column_text(s, 3);
		if (!l.rule)
			continue;
		if (!l.outputs)
			l.outputs = "";
		if (!l.deps)
			l.deps = "";
		fn(ctx, &l);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return db_error(st, sql[S_LAST_LOAD]);
	return 0;
}

char *state_keytext(struct state *st, const char *rule, size_t *len)
{
	sqlite3_stmt *s;
	char *text = NULL;

	if (!st->db || !(s = prep(st, S_LAST_KEYTEXT)))
		return NULL;
	sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_blob(s, 0)) {
		*len = (size_t)sqlite3_column_bytes(s, 0);
		text = xmalloc(*len + 1);
		memcpy(text, sqlite3_column_blob(s, 0), *len);
		text[*len] = '\0';
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return text;
}

static int writable(struct state *st)
{
	return st->db && !st->readonly;
}

int state_begin(struct state *st)
{
	if (!writable(st) || st->intx)
		return 0;
	if (!prep(st, S_BEGIN) || run(st, S_BEGIN) < 0)
		return -1;
	st->intx = 1;
	return 0;
}

int state_commit(struct state *st)
{
	if (!writable(st) || !st->intx)
		return 0;
	st->intx = 0;
	if (!prep(st, S_COMMIT) || run(st, S_COMMIT) < 0)
		return -1;
	return 0;
}

int state_save_files(struct state *st, struct filecache *fc)
{
	struct fentry *e;
	sqlite3_stmt *put, *del;

	if (!writable(st))
		return 0;
	if (!(put = prep(st, S_FILES_PUT)) || !(del = prep(st, S_FILES_DEL)))
		return -1;
	while ((e = filecache_next_dirty(fc))) {
		e->dirty = 0;
		st->files_written = 1;
		if (!e->known) {
			sqlite3_bind_text(del, 1, e->path, -1, SQLITE_STATIC);
			if (run(st, S_FILES_DEL) < 0)
				return -1;
			continue;
		}
		sqlite3_bind_text(put, 1, e->path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(put, 2, e->mtime_ns);
		sqlite3_bind_int64(put, 3, e->ctime_ns);
		sqlite3_bind_int64(put, 4, e->size);
		sqlite3_bind_int64(put, 5, e->inode);
		bind_hash(put, 6, e->hash);
		sqlite3_bind_int64(put, 7, e->recorded_ns);
		if (run(st, S_FILES_PUT) < 0)
			return -1;
	}
	return 0;
}

int state_save_copy(struct state *st, struct filecache *fc, struct graph *g)
{
	unsigned long long ino;
	char *copy;
	int ret;

	if (!st || !writable(st) || !fc || (st->copy_loaded && !st->files_written) || !(ino = db_inode(st)))
		return 0;
	copy = copy_path(st);
	ret = statcopy_save(copy, ino, fc, g);
	free(copy);
	if (ret == 0) {
		st->copy_loaded = 1;
		st->files_written = 0;
	}
	return ret;
}

int state_put_result(struct state *st, const char *rule, struct hash key,
                     const char *keytext, size_t keylen, const char *outputs,
                     const char *deps)
{
	sqlite3_stmt *s;

	if (!writable(st))
		return 0;
	if (!(s = prep(st, S_LAST_PUT)))
		return -1;
	sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	bind_hash(s, 2, key);
	sqlite3_bind_text(s, 3, outputs, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, deps ? deps : "", -1, SQLITE_STATIC);
	if (run(st, S_LAST_PUT) < 0 || !(s = prep(st, S_KEYS_PUT)))
		return -1;
	sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, keytext, (int)keylen, SQLITE_STATIC);
	return run(st, S_KEYS_PUT);
}

int state_forget(struct state *st, const char *rule)
{
	sqlite3_stmt *s;

	if (!writable(st))
		return 0;
	if (!(s = prep(st, S_LAST_DEL)))
		return -1;
	sqlite3_bind_text(s, 1, rule, -1, SQLITE_STATIC);
	return run(st, S_LAST_DEL);
}

long long state_run_begin(struct state *st, const char *command, long long started_at)
{
	sqlite3_stmt *s;
	long long id;

	if (!writable(st))
		return 0;
	if (!(s = prep(st, S_RUN_BEGIN)))
		return -1;
	sqlite3_bind_text(s, 1, command, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, started_at);
	if (run(st, S_RUN_BEGIN) < 0)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if (id > KEEP_RUNS) {
		if (!(s = prep(st, S_EVENTS_PRUNE)))
			return -1;
		sqlite3_bind_int64(s, 1, id - KEEP_RUNS);
		if (run(st, S_EVENTS_PRUNE) < 0)
			return -1;
	}
	return id;
}

int state_run_end(struct state *st, long long id, long long finished_at, int status,
                  const long long counts[5])
{
	sqlite3_stmt *s;
	int i;

	if (!writable(st))
		return 0;
	if (!(s = prep(st, S_RUN_END)))
		return -1;
	sqlite3_bind_int64(s, 1, finished_at);
	sqlite3_bind_int(s, 2, status);
	for (i = 0; i < 5; i++)
		sqlite3_bind_int64(s, 3 + i, counts[i]);
	sqlite3_bind_int64(s, 8, id);
	return run(st, S_RUN_END);
}

int state_put_event(struct state *st, long long id, const struct state_event *ev)
{
	sqlite3_stmt *s;

	if (!writable(st))
		return 0;
	if (!(s = prep(st, S_EVENT_PUT)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, ev->rule, -1, SQLITE_STATIC);
	bind_hash(s, 3, ev->key);
	sqlite3_bind_text(s, 4, ev->reason ? ev->reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ev->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, ev->exit);
	sqlite3_bind_int(s, 7, ev->slot);
	sqlite3_bind_int64(s, 8, ev->start_ns);
	sqlite3_bind_int64(s, 9, ev->end_ns);
	return run(st, S_EVENT_PUT);
}

int state_last_run(struct state *st, long long *id, long long *started_at,
                   void (*fn)(void *ctx, const struct state_event *ev), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (!st->db)
		return 1;
	if (!(s = prep(st, S_RUN_LAST)))
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? 1 : db_error(st, sql[S_RUN_LAST]);
	}
	*id = sqlite3_column_int64(s, 0);
	*started_at = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	if (!(s = prep(st, S_EVENTS_OF)))
		return -1;
	sqlite3_bind_int64(s, 1, *id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct state_event ev;

		ev.rule = (const char *)sqlite3_column_text(s, 0);
		ev.key = get_hash(s, 1);
		ev.reason = (const char *)sqlite3_column_text(s, 2);
		ev.status = (const char *)sqlite3_column_text(s, 3);
		ev.exit = sqlite3_column_int(s, 4);
		ev.slot = sqlite3_column_int(s, 5);
		ev.start_ns = sqlite3_column_int64(s, 6);
		ev.end_ns = sqlite3_column_int64(s, 7);
		if (!ev.rule || !ev.status)
			continue;
		fn(ctx, &ev);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, sql[S_EVENTS_OF]);
}

int state_slowest(struct state *st, int limit,
                  void (*fn)(void *ctx, const char *rule, const char *status, long long ns), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if (!st->db)
		return 0;
	if (!(s = prep(st, S_EVENTS_SLOWEST)))
		return -1;
	sqlite3_bind_int(s, 1, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(s, 0);
		const char *status = (const char *)sqlite3_column_text(s, 1);

		if (rule && status)
			fn(ctx, rule, status, sqlite3_column_int64(s, 2));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, sql[S_EVENTS_SLOWEST]);
}

int state_counts(struct state *st, struct state_counts *c)
{
	sqlite3_stmt *s;
	int rc, i;

	memset(c, 0, sizeof(*c));
	if (!st->db)
		return 0;
	if (!(s = prep(st, S_RUN_TOTALS)))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		c->builds = sqlite3_column_int64(s, 0);
		for (i = 0; i < 5; i++)
			c->total[i] = (long long)sqlite3_column_double(s, 1 + i);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return db_error(st, sql[S_RUN_TOTALS]);
	if (!(s = prep(st, S_RUN_LAST_DONE)))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *cmd = (const char *)sqlite3_column_text(s, 0);

		c->has_last = 1;
		snprintf(c->last_command, sizeof(c->last_command), "%s", cmd ? cmd : "");
		c->last_status = sqlite3_column_int(s, 1);
		c->last_duration_ns = sqlite3_column_int64(s, 2);
		for (i = 0; i < 5; i++)
			c->last[i] = sqlite3_column_int64(s, 3 + i);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(st, sql[S_RUN_LAST_DONE]);
}
