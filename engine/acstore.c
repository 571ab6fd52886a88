/* acstore.c: the local cache's entries in one SQLite file (acstore.h). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "engine/acstore.h"
#include "engine/sql.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"

#define ACSTORE_VERSION 1

enum { Q_GET, Q_PUT, Q_TOUCH, Q_DEL, Q_BEGIN, Q_COMMIT, Q_N };

static const char *const sqls[Q_N] = {
	"SELECT body FROM entry WHERE key = ?1",
	"INSERT OR REPLACE INTO entry (key, body, used) VALUES (?1, ?2, ?3)",
	"UPDATE entry SET used = ?2 WHERE key = ?1",
	"DELETE FROM entry WHERE key = ?1",
	"BEGIN",
	"COMMIT",
};

struct acstore {
	sqlite3 *db;
	char *path;
	int write;
	int intx;                 /* a transaction is open */
	sqlite3_stmt *q[Q_N];
};

static sqlite3_stmt *prep(struct acstore *a, int i)
{
	if (!a->q[i] && sqlite3_prepare_v2(a->db, sqls[i], -1, &a->q[i], NULL) != SQLITE_OK) {
		sql_error(a->db, sqls[i], "cannot use the cache '%s'", a->path);
		return NULL;
	}
	return a->q[i];
}

/* step q to its end (rows are not expected); 0 or -1 after a warning */
static int run(struct acstore *a, int i)
{
	sqlite3_stmt *s = a->q[i];
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return sql_error(a->db, sqls[i], "cannot write the cache '%s'", a->path);
	return 0;
}

static int exec(struct acstore *a, const char *sql)
{
	if (sqlite3_exec(a->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sql_error(a->db, sql, "cannot use the cache '%s'", a->path);
	return 0;
}

/* a new database gets its table; one of another version is not used */
static int prepare_schema(struct acstore *a)
{
	int v;

	if (sql_user_version(a->db, &v) < 0)
		return sql_error(a->db, NULL, "cannot read the cache '%s'", a->path);
	if (v == 0 && a->write)
		return exec(a, "PRAGMA auto_vacuum = INCREMENTAL;"
		               "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, body BLOB NOT NULL,"
		               " used INTEGER NOT NULL) WITHOUT ROWID;"
		               "PRAGMA user_version = " STR(ACSTORE_VERSION));
	if (v != ACSTORE_VERSION) {
		warn("the cache '%s' is of another version (%d): not used", a->path, v);
		return -1;
	}
	return 0;
}

struct acstore *acstore_open(const char *root, int write)
{
	struct acstore *a = xcalloc(1, sizeof(*a));
	struct stat sb;
	int rc;

	a->path = path_join(root, ACSTORE_FILE);
	a->write = write;
	if (!write) {
		if (stat(a->path, &sb) != 0) {
			acstore_close(a);
			return NULL;
		}
		rc = sql_open_read(a->path, &a->db);   /* changes nothing on disk */
	} else {
		if (mkdir_parents(a->path) < 0) {
			warn("cannot create the cache '%s':", root);
			acstore_close(a);
			return NULL;
		}
		rc = sqlite3_open_v2(a->path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		                     SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (rc != SQLITE_OK) {
		sql_error(a->db, NULL, "cannot open the cache '%s'", a->path);
		acstore_close(a);
		return NULL;
	}
	sqlite3_busy_timeout(a->db, 5000);
	/* a build mostly inserts at random keys, where a page cache helps
	 * little: 512 KiB of it rather than SQLite's 2 MiB */
	if ((write && exec(a, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	                      "PRAGMA cache_size = -512") < 0) ||
	    prepare_schema(a) < 0) {
		acstore_close(a);
		return NULL;
	}
	return a;
}

void acstore_close(struct acstore *a)
{
	int i;

	if (!a)
		return;
	if (a->db)
		acstore_commit(a);
	for (i = 0; i < Q_N; i++)
		sqlite3_finalize(a->q[i]);
	sqlite3_close(a->db);
	free(a->path);
	free(a);
}

int acstore_writable(const struct acstore *a)
{
	return a->write;
}

const char *acstore_path(const struct acstore *a)
{
	return a->path;
}

int acstore_get(struct acstore *a, struct hash key, char **body, size_t *len)
{
	sqlite3_stmt *s = prep(a, Q_GET);
	char hex[HASH_HEX];
	int rc;

	*body = NULL;
	*len = 0;
	if (!s)
		return -1;
	hash_hex(key, hex);
	sqlite3_bind_text(s, 1, hex, 32, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(s, 0);

		*len = (size_t)sqlite3_column_bytes(s, 0);
		*body = xmalloc(*len + 1);
		if (*len)
			memcpy(*body, p, *len);
		(*body)[*len] = '\0';
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return sql_error(a->db, sqls[Q_GET], "cannot read the cache '%s'", a->path);
}

/* open a transaction for a write, unless one is open */
static int begin(struct acstore *a)
{
	if (a->intx)
		return 0;
	if (!prep(a, Q_BEGIN) || run(a, Q_BEGIN) < 0)
		return -1;
	a->intx = 1;
	return 0;
}

/* write statement i, inside the open transaction, with hex (which must
 * live until it runs) bound as its key, ?1; NULL after a warning */
static sqlite3_stmt *keyed_write(struct acstore *a, int i, const char *hex)
{
	sqlite3_stmt *s;

	if (begin(a) < 0 || !(s = prep(a, i)))
		return NULL;
	sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	return s;
}

int acstore_put(struct acstore *a, struct hash key, const char *body, size_t len, long long used_ns)
{
	sqlite3_stmt *s;
	char hex[HASH_HEX];

	hash_hex(key, hex);
	if (!(s = keyed_write(a, Q_PUT, hex)))
		return -1;
	sqlite3_bind_blob(s, 2, body, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, used_ns);
	return run(a, Q_PUT);
}

int acstore_touch(struct acstore *a, struct hash key, long long used_ns)
{
	sqlite3_stmt *s;
	char hex[HASH_HEX];

	hash_hex(key, hex);
	if (!(s = keyed_write(a, Q_TOUCH, hex)))
		return -1;
	sqlite3_bind_int64(s, 2, used_ns);
	return run(a, Q_TOUCH);
}

int acstore_del(struct acstore *a, const char *hex)
{
	return keyed_write(a, Q_DEL, hex) ? run(a, Q_DEL) : -1;
}

int acstore_commit(struct acstore *a)
{
	if (!a->intx)
		return 0;
	a->intx = 0;
	if (!prep(a, Q_COMMIT) || run(a, Q_COMMIT) < 0)
		return -1;
	return 0;
}

int acstore_each(struct acstore *a,
                 void (*fn)(void *ctx, const char *hex, const char *body, size_t len, long long used_ns),
                 void *ctx)
{
	const char *sql = "SELECT CAST(key AS TEXT), body, used FROM entry";
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(a->db, sql, -1, &s, NULL) != SQLITE_OK)
		return sql_error(a->db, sql, "cannot read the cache '%s'", a->path);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *hex = (const char *)sqlite3_column_text(s, 0);
		const char *body = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);

		fn(ctx, hex ? hex : "", body ? body : "", len, sqlite3_column_int64(s, 2));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_error(a->db, sql, "cannot read the cache '%s'", a->path);
	return 0;
}

int acstore_shrink(struct acstore *a)
{
	if (acstore_commit(a) < 0)
		return -1;
	return exec(a, "PRAGMA incremental_vacuum");
}
