/* action.h: the built-in actions a rule's `use:` may name. graph/ and
 * engine/ know no action by name: each action of rules/ describes itself
 * with a struct action, and the command line hands the table of them to
 * the loader (which checks `use:` and `with:` against it) and to the
 * builder (which runs each action's check before a build). The action
 * itself runs as the command `menace NAME --KEY=VALUE...` (cli/). */
#ifndef MENACE_ACTION_H
#define MENACE_ACTION_H

#include <stddef.h>

struct graph;
struct rule;
struct action;

struct action_service {
	char *(*tools)(const struct action *a);
	int (*start)(const struct action *a, unsigned jobs, char ***env, void **data);
	void (*stop)(void *data);
};

struct action {
	const char *name;             /* what `use:` names; also the command */
	const char *const *keys;      /* the `with:` keys it takes, NULL-terminated
	                               * ('_' and '-' the same, case ignored); NULL:
	                               * any key */
	/* before a build that will run rule r (a rule with `use: NAME`): 0, or
	 * -1 after printing why the build must not start; NULL: nothing to check */
	int (*check)(const struct rule *r);
	const struct action_service *service; /* a build-long helper; NULL: none */
};

struct actions {
	const struct action *const *v;
	size_t n;
};

/* the action called name in t (NULL t: none), or NULL */
const struct action *actions_find(const struct actions *t, const char *name);
/* the key of a's keys that a `with:` key names ('_' = '-', any case),
 * key itself when a takes any key, or NULL */
const char *action_key(const struct action *a, const char *key);

#endif
