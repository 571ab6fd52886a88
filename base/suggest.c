/* suggest.c: "did you mean" (suggest.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"
#include "base/util.h"

size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, w = lb + 1, d;
	size_t *m;

	if (la > 64 || lb > 64)
		return 99;      /* never close */
	m = xcalloc((la + 1) * w, sizeof(size_t));
	for (i = 0; i <= la; i++)
		m[i * w] = i;
	for (j = 0; j <= lb; j++)
		m[j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], v = m[(i - 1) * w + j - 1] + cost;

			if (m[(i - 1) * w + j] + 1 < v)
				v = m[(i - 1) * w + j] + 1;
			if (m[i * w + j - 1] + 1 < v)
				v = m[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    m[(i - 2) * w + j - 2] + 1 < v)
				v = m[(i - 2) * w + j - 2] + 1;
			m[i * w + j] = v;
		}
	}
	d = m[la * w + lb];
	free(m);
	return d;
}

void suggest_begin(struct suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
	s->dist = (size_t)-1;
}

void suggest_add(struct suggest *s, const char *cand)
{
	size_t d, n = strlen(s->word);

	if (!cand || !*cand || strcmp(cand, s->word) == 0)
		return;
	if (n && strncmp(cand, s->word, n) == 0 && (!s->prefix || strcmp(s->prefix, cand) != 0)) {
		if (!s->prefix)
			s->prefix = cand;
		s->prefixes++;
	}
	d = suggest_distance(s->word, cand);
	if (d < s->dist) {
		s->dist = d;
		s->best = cand;
	}
}

const char *suggest_end(const struct suggest *s)
{
	size_t n = strlen(s->word), limit = n / 3;

	if (limit < 1)
		limit = 1;
	if (limit > 3)
		limit = 3;
	if (s->best && s->dist <= limit && s->dist < n)
		return s->best;
	return s->prefixes == 1 ? s->prefix : NULL;
}

const char *suggest_hint(const char *best)
{
	static char buf[256];

	if (!best)
		return "";
	snprintf(buf, sizeof(buf), " (did you mean '%.200s'?)", best);
	return buf;
}
