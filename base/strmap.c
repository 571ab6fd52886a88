/* strmap.c: integrate's string-keyed tables (strmap.h). */
#include <stdlib.h>
#include <string.h>

#include "base/htab.h"
#include "base/strmap.h"
#include "base/util.h"

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
	m->t = htab_new(64);
}

void *strmap_get(const struct strmap *m, const char *key)
{
	return htab_get(m->t, key, strlen(key));
}

void **strmap_slot(struct strmap *m, const char *key)
{
	char *k = xstrdup(key);
	void **slot = htab_put(m->t, k, strlen(k));

	if (*slot) {
		free(k);
	} else {
		growarray(&m->keys, &m->cap, m->n + 1, sizeof(*m->keys));
		m->keys[m->n++] = k;
	}
	return slot;
}

void strmap_free(struct strmap *m, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (free_val)
			free_val(strmap_get(m, m->keys[i]));
		free(m->keys[i]);
	}
	free(m->keys);
	htab_free(m->t);
}

void strmap_sort(struct strmap *m)
{
	if (m->n > 1)
		qsort(m->keys, m->n, sizeof(*m->keys), cmp_strp);
}
