/* sql.c: SQLite helpers for the two databases (sql.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "engine/sql.h"
#include "base/util.h"

int sql_error(sqlite3 *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	char *what;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	what = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	va_start(ap, fmt);
	vsnprintf(what, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
	if (sql)
		warn("%s: %s (in '%.60s')", what, sqlite3_errmsg(db), sql);
	else
		warn("%s: %s", what, sqlite3_errmsg(db));
	free(what);
	return -1;
}

int sql_open_read(const char *path, sqlite3 **db)
{
	char *wal = xasprintf("%s-wal", path), *uri;
	struct stat sb;
	int haswal = stat(wal, &sb) == 0, rc;

	free(wal);
	if (haswal)
		return sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	uri = sqlite3_mprintf("file:%s?immutable=1", path);
	rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_free(uri);
	return rc;
}

int sql_user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *s;
	int rc;

	*v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : -1;
}
