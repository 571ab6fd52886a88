/* action.c: looking up the built-in actions of a table (action.h). */
#include <ctype.h>
#include <string.h>

#include "graph/action.h"

const struct action *actions_find(const struct actions *t, const char *name)
{
	size_t i;

	for (i = 0; t && i < t->n; i++)
		if (strcmp(t->v[i]->name, name) == 0)
			return t->v[i];
	return NULL;
}

/* a and b the same, '_' as '-' and case ignored */
static int same_key(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = *a == '_' ? '-' : tolower((unsigned char)*a);
		int y = *b == '_' ? '-' : tolower((unsigned char)*b);

		if (x != y)
			return 0;
	}
	return *a == *b;
}

const char *action_key(const struct action *a, const char *key)
{
	size_t i;

	if (!a->keys)
		return key;
	for (i = 0; a->keys[i]; i++)
		if (same_key(a->keys[i], key))
			return a->keys[i];
	return NULL;
}
