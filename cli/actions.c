/* actions.c: the action table the command line hands to the loader and
 * the builder (graph/action.h): the sandbox actions of rules/, with the
 * checks the environment asks for. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/actions.h"

/* SANDBOX_FAIL_ON_MISSING_SCENARIOS is on (1, true, yes, on) */
static int fail_on_missing_scenarios(void)
{
	const char *env = getenv("SANDBOX_FAIL_ON_MISSING_SCENARIOS");

	return env && (strcmp(env, "1") == 0 || strcmp(env, "true") == 0 || strcmp(env, "yes") == 0 ||
	               strcmp(env, "on") == 0);
}

const struct actions *cli_actions(void)
{
	static struct action selftest;
	static const struct action *v[6];
	static struct actions t = {v, 0};
	const struct actions *all = sandbox_actions();
	size_t i;

	if (t.n)
		return &t;
	selftest = selftest_action;
	if (fail_on_missing_scenarios())
		selftest.check = selftest_check_scenarios;
	/* the table as rules/ gives it, selftest with the check chosen here */
	for (i = 0; i < all->n && i < sizeof(v) / sizeof(v[0]); i++)
		v[i] = all->v[i] == &selftest_action ? &selftest : all->v[i];
	t.n = i;
	return &t;
}
