/* strmap.h: a string-keyed table that owns its keys and remembers them in
 * the order they came, for iteration (m->keys[0..m->n)). */
#ifndef MENACE_STRMAP_H
#define MENACE_STRMAP_H

#include <stddef.h>

struct htab;

struct strmap {
	struct htab *t;
	char **keys;
	size_t n, cap;
};

/* an empty table */
void strmap_init(struct strmap *m);
/* the value of key, NULL when absent */
void *strmap_get(const struct strmap *m, const char *key);
/* the value slot of key; a new key has *slot == NULL and must get a value */
void **strmap_slot(struct strmap *m, const char *key);
/* free the keys and the table, each value with free_val unless it is NULL */
void strmap_free(struct strmap *m, void (*free_val)(void *));
/* the keys in byte order */
void strmap_sort(struct strmap *m);

#endif
