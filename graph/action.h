/* action.h: the built-in actions a rule's `use:` may name. graph/ and
 * engine/ know no action by name: each action of rules/ describes itself
 * with a struct action, and the command line hands the table of them to
 * the loader (which checks `use:` and `with:` against it) and to the
 * builder (which runs each action's check before a build). The action
 * itself runs as the command `menace NAME --KEY=VALUE...` (cli/); an
 * action may have a service that the builder starts once for a whole
 * build, for those commands to use (engine/service.h). */
#ifndef MENACE_ACTION_H
#define MENACE_ACTION_H

#include <stddef.h>

struct graph;
struct rule;
struct action_service;

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

/* what an action's commands share during one build (the selftest workers) */
struct action_service {
	/* the tools the action runs, resolved, as one line of text ("python
	 * /usr/bin/python3.11 3.11.2 pytest 7.2.1"): folded into the key of
	 * every edge using the action, so a different interpreter re-runs them,
	 * and shown by explain when it changed. Called at most once per
	 * process, before the first such key; malloc'd, or NULL after a
	 * warning (the key then says the tools are unknown). NULL: none */
	char *(*tools)(const struct action *a);
	/* once per build, before the first command of the action starts (never
	 * for -n, nor for a build that runs none): 0 after setting *env to
	 * malloc'd "NAME=VALUE" strings (NULL-terminated, or NULL) that the
	 * commands started from then on get in their environment, and *data
	 * for stop; -1 after a warning (the commands run without the service) */
	int (*start)(const struct action *a, unsigned jobs, char ***env, void **data);
	/* the build is over, also after an interrupt or a failure: end what
	 * start began */
	void (*stop)(void *data);
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
