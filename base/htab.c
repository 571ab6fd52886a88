#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "base/htab.h"
#include "base/util.h"

/* 24 bytes: a key longer than 4 GiB cannot be a key; the low 32 bits of
 * its hash are kept, which is all the index of a table below 2^32 slots
 * uses (a graph of 100,000 rules has three tables of 2^18 to 2^19 slots) */
struct slot {
	const char *key;
	void *val;
	uint32_t len;
	uint32_t hash;
};

struct htab {
	struct slot *slots;
	size_t cap;   /* power of two */
	size_t count;
};

uint64_t htab_hash(const char *key, size_t len)
{
	return XXH3_64bits(key, len);
}

struct htab *htab_new(size_t hint)
{
	struct htab *t = xmalloc(sizeof(*t));
	size_t cap = 16;

	while (cap < hint * 2)
		cap *= 2;
	t->slots = xcalloc(cap, sizeof(t->slots[0]));
	t->cap = cap;
	t->count = 0;
	return t;
}

void htab_free(struct htab *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t);
}

static struct slot *find(struct slot *slots, size_t cap, const char *key, size_t len, uint32_t h)
{
	size_t i = (size_t)h & (cap - 1);

	for (;;) {
		struct slot *s = &slots[i];

		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static void grow(struct htab *t)
{
	size_t cap = t->cap * 2, i;
	struct slot *slots = xcalloc(cap, sizeof(slots[0]));

	for (i = 0; i < t->cap; i++) {
		struct slot *s = &t->slots[i];

		if (s->key)
			*find(slots, cap, s->key, s->len, s->hash) = *s;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

void **htab_put(struct htab *t, const char *key, size_t len)
{
	uint32_t h = (uint32_t)htab_hash(key, len);
	struct slot *s;

	if (len > UINT32_MAX)
		die(EXIT_FAILED, "a key of %zu bytes", len);
	if ((t->count + 1) * 4 > t->cap * 3)
		grow(t);
	s = find(t->slots, t->cap, key, len, h);
	if (!s->key) {
		s->key = key;
		s->len = (uint32_t)len;
		s->hash = h;
		s->val = NULL;
		t->count++;
	}
	return &s->val;
}

void *htab_get(const struct htab *t, const char *key, size_t len)
{
	struct slot *s;

	if (len > UINT32_MAX)
		return NULL;
	s = find(t->slots, t->cap, key, len, (uint32_t)htab_hash(key, len));
	return s->key ? s->val : NULL;
}

size_t htab_count(const struct htab *t)
{
	return t->count;
}

int htab_next(const struct htab *t, size_t *i, const char **key, size_t *len, void **val)
{
	for (; *i < t->cap; (*i)++) {
		struct slot *s = &t->slots[*i];

		if (s->key) {
			if (key)
				*key = s->key;
			if (len)
				*len = s->len;
			if (val)
				*val = s->val;
			(*i)++;
			return 1;
		}
	}
	return 0;
}
