/* htab.h: an open-addressing hash table from byte-string keys to pointers.
 * Keys are not copied: they must outlive the table (intern them first). */
#ifndef MENACE_HTAB_H
#define MENACE_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct htab;

struct htab *htab_new(size_t hint);
void htab_free(struct htab *t);
/* the slot for key, created empty (*slot == NULL) when absent */
void **htab_put(struct htab *t, const char *key, size_t len);
/* the value for key, or NULL */
void *htab_get(const struct htab *t, const char *key, size_t len);
size_t htab_count(const struct htab *t);
/* iterate: *i starts at 0; returns 0 when done */
int htab_next(const struct htab *t, size_t *i, const char **key, size_t *len, void **val);
/* the 64-bit hash used for keys (XXH3) */
uint64_t htab_hash(const char *key, size_t len);

#endif
