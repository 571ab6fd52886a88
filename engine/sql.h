/* sql.h: what menace's SQLite databases share (menace.db in
 * engine/state.c, the cache's entries.db in engine/acstore.c, metrics.db
 * in rules/metricsdb.c): errors reported with
 * SQLite's message, and the schema version. In engine/, not base/, so the
 * layers below the one that owns a database need no SQLite. */
#ifndef MENACE_SQL_H
#define MENACE_SQL_H

#include <sqlite3.h>

/* report like error(): fmt, then ": " and db's last error message (that
 * of a failed open when db is NULL), then " (in 'SQL')" with the first 60
 * bytes of sql when sql is not NULL; returns -1 */
int sql_error(sqlite3 *db, const char *sql, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* open the database at path to read only, changing nothing on disk: with
 * no write-ahead log beside it, as immutable (no -wal or -shm file is
 * created); the sqlite3_open_v2 code, *db set as it sets it */
int sql_open_read(const char *path, sqlite3 **db);
/* PRAGMA user_version into *v; 0, or -1 (unreported: sql_error says why) */
int sql_user_version(sqlite3 *db, int *v);

#endif
