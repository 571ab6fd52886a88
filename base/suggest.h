/* suggest.h: the "did you mean" of every name not found (an option, a
 * command, a target, a rule, a variable): the closest candidate by edit
 * distance, a swap of two neighbours counting as one edit. */
#ifndef MENACE_SUGGEST_H
#define MENACE_SUGGEST_H

#include <stddef.h>

/* the edit distance of a and b (insert, delete, substitute, swap two
 * neighbours: one each); 99 when either is longer than 64 bytes */
size_t suggest_distance(const char *a, const char *b);

/* the candidate closest to word: within a third of word's length (at
 * least one edit, at most three), or the one candidate word is a prefix
 * of; the first of equals wins. NULL when none is close. */
struct suggest {
	const char *word;
	const char *best;
	size_t dist;        /* best's distance */
	int prefixes;       /* candidates word is a prefix of */
	const char *prefix; /* the first of them */
};
void suggest_begin(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *cand);
const char *suggest_end(const struct suggest *s);

/* " (did you mean 'BEST'?)" for best, "" for NULL: a static buffer */
const char *suggest_hint(const char *best);

#endif
