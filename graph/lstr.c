/* lstr.c: manifest strings placed for errors, and "did you mean" (lstr.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "graph/lstr.h"
#include "base/util.h"

/* the place of byte offset off of s->s: follow the raw source text to the
 * same ${ (the k-th one), counting lines and columns */
static void lstr_place(const struct lstr *s, long off, int *line, int *col)
{
	long k = 0, i;
	size_t j;
	int l = s->line, c = s->col;

	*line = l;
	*col = c;
	if (off < 0 || !s->raw)
		return;
	for (i = 0; i < off && s->s[i]; i++) {
		if (s->s[i] == '$' && s->s[i + 1] == '$')
			i++;
		else if (s->s[i] == '$' && s->s[i + 1] == '{')
			k++;
	}
	for (j = 0; j < s->rawlen; j++) {
		unsigned char ch = (unsigned char)s->raw[j];

		if (ch == '$' && j + 1 < s->rawlen && s->raw[j + 1] == '$') {
			j++;
			c += 2;
			continue;
		}
		if (ch == '$' && j + 1 < s->rawlen && s->raw[j + 1] == '{') {
			if (k == 0) {
				*line = l;
				*col = c;
				return;
			}
			k--;
		}
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
}

int lstr_error(const struct lstr *s, long offset, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;
	int line, col;

	lstr_place(s, offset, &line, &col);
	if (s->file)
		buf_printf(&b, "%s:%d:%d: %s", s->file, line, col, fmt);
	else
		buf_puts(&b, fmt);
	va_start(ap, fmt);
	vwarn(b.s, ap);
	va_end(ap);
	buf_free(&b);
	return -1;
}

static size_t editdist(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, r;

	if (la > 64 || lb > 64)
		return 99;
	row = xcalloc(lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j], best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

const char *closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, bd = 3;

	for (i = 0; i < n; i++) {
		size_t d = editdist(word, names[i]);

		if (d < bd && d < strlen(names[i])) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}
