/* actions.h: the sandbox actions as the loader and the builder see them
 * (graph/action.h): the name a `use:` gives, the `with:` keys each takes
 * (its command's flags without the dashes) and the check run before a
 * build. The command line lists them with the command that runs each. */
#ifndef MENACE_ACTIONS_H
#define MENACE_ACTIONS_H

#include "graph/action.h"

extern const struct action discover_action, selftest_action, score_action, integrate_action,
	flag_action, presets_action;

/* every sandbox action, in the order of `menace --help` */
const struct actions *sandbox_actions(void);

/* selftest_action's check when SANDBOX_FAIL_ON_MISSING_SCENARIOS is set
 * (the command line decides): rule r's "scenario" matrix covers every
 * canonical scenario (a rule without one is not checked); 0, or -1 after
 * naming the missing ones and the rule */
int selftest_check_scenarios(const struct rule *r);

#endif
