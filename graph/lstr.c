/* lstr.c: manifest strings placed for errors, and "did you mean" (lstr.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "graph/lstr.h"
#include "base/suggest.h"
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

const char *closest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, bd = 3;

	for (i = 0; i < n; i++) {
		size_t d = suggest_distance(word, names[i]);

		if (d < bd && d < strlen(names[i])) {
			bd = d;
			best = names[i];
		}
	}
	return best;
}
