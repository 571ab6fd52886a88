/* modhash.h: a module's content hash as module_map.json records it: the
 * module with the local modules it imports, directly or not (its "deps"
 * in discovered.json), so an edit of either changes it. */
#ifndef MENACE_MODHASH_H
#define MENACE_MODHASH_H

#include <stddef.h>

#include "base/hash.h"

/* XXH3-128, as 32 hex digits, over each of the n files in path order:
 * its repo-relative path, a NUL, its 16-byte content hash (XXH3-128 of the
 * bytes; all zero for a file that cannot be read). paths must be sorted */
void modhash_hex(const char *const *paths, const struct hash *h, size_t n, char hex[HASH_HEX]);
/* the same with each file's hash read below repo */
void modhash_files(const char *repo, const char *const *paths, size_t n, char hex[HASH_HEX]);

#endif
