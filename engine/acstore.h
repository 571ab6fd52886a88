/* acstore.h: where the local cache keeps its entries: one SQLite file,
 * STATEDIR/cache/entries.db, a row per key, instead of a file per key
 * (creating a file per run was most of what storing cost; docs/build.md).
 * The entries' text and what it means are cache.c's; this only stores it,
 * with its last use, and writes in batches: a write opens a transaction
 * that acstore_commit (or acstore_close) ends.
 *
 * Schema (PRAGMA user_version = 1):
 *   entry(key TEXT PRIMARY KEY, body BLOB NOT NULL, used INTEGER NOT NULL)
 *   key: the run's key, 32 hex digits; body: the entry's text; used: its
 *   last use (store or restore), nanoseconds since the epoch. */
#ifndef MENACE_ACSTORE_H
#define MENACE_ACSTORE_H

#include <stddef.h>

#include "base/hash.h"

#define ACSTORE_FILE "entries.db"

struct acstore;

/* the entries under root (STATEDIR/cache): create (when write is set) or
 * open them; without write they are only read, and nothing on disk
 * changes. NULL when they do not exist (without write), or after a
 * warning (unreadable, another version) */
struct acstore *acstore_open(const char *root, int write);
/* commit what was written, and close */
void acstore_close(struct acstore *a);
int acstore_writable(const struct acstore *a);
/* the path of the database (for messages) */
const char *acstore_path(const struct acstore *a);

/* key's entry text in *body (malloc'd, NUL-terminated) and its length in
 * *len: 0, 1 when there is none, -1 after a warning */
int acstore_get(struct acstore *a, struct hash key, char **body, size_t *len);
/* store key's entry (replacing one), used now; 0 or -1 after a warning */
int acstore_put(struct acstore *a, struct hash key, const char *body, size_t len, long long used_ns);
/* mark key's entry used at used_ns; 0 or -1 */
int acstore_touch(struct acstore *a, struct hash key, long long used_ns);
/* remove the entry named by hex (32 hex digits, or anything a damaged row
 * holds); 0 or -1 */
int acstore_del(struct acstore *a, const char *hex);
/* end the open transaction, if any; 0 or -1 after a warning */
int acstore_commit(struct acstore *a);
/* call fn for every entry, in no order; fn must not write. 0, or -1
 * after a warning */
int acstore_each(struct acstore *a,
                 void (*fn)(void *ctx, const char *hex, const char *body, size_t len, long long used_ns),
                 void *ctx);
/* give the space of removed entries back to the file system; 0 or -1 */
int acstore_shrink(struct acstore *a);

#endif
