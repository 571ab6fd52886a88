/* lstr.h: a manifest string as written, with its place: errors reported
 * at its line and column (at the exact ${ inside it), and the closest
 * name for "did you mean". Internal to graph/. */
#ifndef MENACE_LSTR_H
#define MENACE_LSTR_H

#include <stddef.h>

/* a string as written, with where it was written. raw, when set, is the
 * source text of the YAML scalar (from its first character, quote or
 * indicator included), used to place errors at the exact column of a ${ */
struct lstr {
	const char *s;
	const char *file;
	int line, col;
	const char *raw;
	size_t rawlen;
};

/* report "file:line:col: fmt" at the place of s (offset: byte offset of
 * the spot inside s->s, or -1 for the value itself); returns -1 */
int lstr_error(const struct lstr *s, long offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* the closest of names to word (edit distance at most 2), or NULL */
const char *closest(const char *word, const char *const *names, size_t n);

#endif
