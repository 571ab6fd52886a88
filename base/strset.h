/* strset.h: a sorted set of strings, each copied in. */
#ifndef MENACE_STRSET_H
#define MENACE_STRSET_H

#include <stddef.h>

/* a sorted set of strings (the graph tracks environment names in one) */
struct strset {
	char **v;
	size_t n, cap;
};

/* add a copy of str unless it is there */
void strset_add(struct strset *s, const char *str);
void strset_free(struct strset *s);

#endif
