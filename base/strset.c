/* strset.c: a sorted set of strings (strset.h). */
#include <stdlib.h>
#include <string.h>

#include "base/strset.h"
#include "base/util.h"

void strset_add(struct strset *s, const char *str)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->v[mid], str);

		if (c == 0)
			return;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	growarray(&s->v, &s->cap, s->n + 1, sizeof(s->v[0]));
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(s->v[0]));
	s->v[lo] = xstrdup(str);
	s->n++;
}

void strset_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
