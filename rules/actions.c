/* actions.c: the sandbox actions' entries in the action table, and the
 * selftest action's service: the build's pool of Python workers. */
#include <stdlib.h>

#include "graph/graph.h"
#include "graph/load.h"
#include "rules/actions.h"
#include "rules/presets.h"
#include "rules/workerpool.h"
#include "base/opt.h"
#include "base/util.h"

static const char *const discover_keys[] = {
	"repo", "out", "classifications", "queue", "data-dir", "data", "skip-dirs",
	"max-recursion-depth", "imports", "jobs", "recursive-orphans", "recursive-include",
	"include-redundant", "test-redundant", "no-recursive-orphans", "no-recursive-include",
	"no-recursive", "no-include-redundant", "no-test-redundant", "exclude-files", "module-map",
	"depfile", "recursive-isolated", "no-recursive-isolated", "discover-isolated",
	"no-discover-isolated", "auto-include-isolated", "no-auto-include-isolated", "orphan-scan",
	"no-orphan-scan", NULL};
static const char *const selftest_keys[] = {
	"repo", "module", "scenario", "level", "out", "depfile", "discovered", "data", "timeout",
	"python", "data-dir", "call-timeout", "conftest", "args", "edge-cases", "preset-file", "runner",
	NULL};
static const char *const score_keys[] = {
	"data", "out", "history", "repo", "bucket", "impact-severity-config", "roi-threshold",
	"borderline-raroi-threshold", "data-dir", "borderline-confidence-threshold", "micropilot-mode",
	"queue", NULL};
static const char *const integrate_keys[] = {
	"data", "data-dir", "discovered", "scores", "min-roi", "clean-orphans", "no-clean-orphans",
	"test-redundant", "no-test-redundant", "include-redundant", "no-include-redundant", "repo", NULL};
static const char *const presets_keys[] = {"profiles", "preset-file", "out", NULL};
static const char *const flag_keys[] = {
	"data", "data-dir", "history", "scores", "repo", "reset", "threshold", "roi-threshold",
	"consecutive", "warning-threshold", "failure-threshold", "alignment", "no-alignment", NULL};

/* the interpreter SANDBOX_PYTHON (default python3) names, resolved once
 * per process: 1 done, -1 failed, 0 not yet */
static struct pyinterp service_py;
static int service_state;

static int resolve_once(void)
{
	const char *spec = opt_getenv("SANDBOX_PYTHON");

	if (!service_state)
		service_state = pyinterp_resolve(spec ? spec : "python3", &service_py, NULL) == 0 ? 1 : -1;
	return service_state > 0 ? 0 : -1;
}

static char *selftest_tools(const struct action *a)
{
	(void)a;
	return resolve_once() == 0 ? pyinterp_tools(&service_py) : NULL;
}

/* one worker per job slot; *env gets MENACE_SELFTEST_POOL=POOLDIR
 * (malloc'd strings in a malloc'd NULL-terminated array) */
static int selftest_start(const struct action *a, unsigned jobs, char ***env, void **data)
{
	struct workerpool *p;

	(void)a;
	if (resolve_once() < 0 || !(p = workerpool_create(&service_py, jobs ? jobs : 1, 0, NULL)))
		return -1;
	*env = xcalloc(2, sizeof(char *));
	(*env)[0] = xasprintf("%s=%s", WORKERPOOL_ENV, p->dir);
	*data = p;
	return 0;
}

static void selftest_stop(void *data)
{
	workerpool_stop(data);
}

static const struct action_service selftest_service = {selftest_tools, selftest_start,
						       selftest_stop};

const struct action discover_action = {"discover", discover_keys, NULL, NULL};
const struct action selftest_action = {"selftest", selftest_keys, NULL, &selftest_service};
const struct action score_action = {"score", score_keys, NULL, NULL};
const struct action integrate_action = {"integrate", integrate_keys, NULL, NULL};
const struct action flag_action = {"flag", flag_keys, NULL, NULL};
const struct action presets_action = {"presets", presets_keys, NULL, NULL};

const struct actions *sandbox_actions(void)
{
	static const struct action *const v[] = {&discover_action, &selftest_action, &score_action,
	                                          &integrate_action, &flag_action, &presets_action};
	static const struct actions t = {v, sizeof(v) / sizeof(v[0])};

	return &t;
}

struct scenarios {
	const char **v;
	size_t n;
};

static void add_scenario(void *ctx, const char *val)
{
	struct scenarios *sc = ctx;

	sc->v = xreallocarray(sc->v, sc->n + 1, sizeof(sc->v[0]));
	sc->v[sc->n++] = xstrdup(val);
}

int selftest_check_scenarios(const struct rule *r)
{
	struct scenarios sc = {NULL, 0};
	size_t j;
	int bad = 0;

	/* a rule without a scenario matrix (the micro-pilots' stages) is not a
	 * scenario matrix */
	if (graph_rule_matrix(r, "scenario", add_scenario, &sc) < 0 ||
	    (sc.n && presets_check_coverage(sc.v, sc.n) < 0)) {
		warn("%s:%d:%d: in the scenario matrix of rule '%s'", r->loc.file, r->loc.line, r->loc.col,
		     r->name);
		bad = 1;
	}
	for (j = 0; j < sc.n; j++)
		free((char *)sc.v[j]);
	free(sc.v);
	return bad ? -1 : 0;
}
