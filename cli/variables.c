/* variables.c: the table of every variable the original sandbox documents
 * (its guide's sandbox, self-test and logging sections) and the ones menace
 * adds; kept in name order (a unit test checks it) and mirrored by
 * docs/sandbox.md's "Every variable" table (a shell test checks that).
 * The original's other components (the visual agent, the synergy trainer
 * and exporter, the orchestrator's AUTO_SANDBOX and RUN_CYCLES) have
 * variables of their own: they are not the sandbox's, and not listed. */
#include <stdlib.h>
#include <string.h>

#include "cli/variables.h"
#include "base/opt.h"
#include "base/util.h"

#define READ(n, who) {n, VAR_READ, who}
#define NOPE(n, why) {n, VAR_UNSUPPORTED, why}

static const struct variable table[] = {
	NOPE("ALIGNMENT_BASELINE_METRICS_PATH",
	     "the alignment check compares each commit with its parent, not with a baseline of metrics"),
	READ("ALIGNMENT_FAILURE_THRESHOLD", "flag"),
	NOPE("ALIGNMENT_FLAGS_PATH",
	     "alignment_flags.jsonl is an output of the flag rule, always in SANDBOX_DATA_DIR"),
	READ("ALIGNMENT_WARNING_THRESHOLD", "flag"),
	READ("BORDERLINE_CONFIDENCE_THRESHOLD", "score (micro-pilots)"),
	READ("BORDERLINE_RAROI_THRESHOLD", "score"),
	READ("ENABLE_ALIGNMENT_FLAGGER", "flag"),
	READ("ENTROPY_PLATEAU_CONSECUTIVE", "flag"),
	READ("ENTROPY_PLATEAU_THRESHOLD", "flag"),
	NOPE("ENTROPY_THRESHOLD",
	     "the plateau is measured against ENTROPY_PLATEAU_THRESHOLD alone"),
	READ("IMPACT_SEVERITY_CONFIG", "score"),
	READ("MENACE_CACHE_MAX", "gc"),
	READ("MENACE_EXECUTOR", "build (--executor)"),
	READ("MENACE_JOBS", "build"),
	READ("MENACE_JOBSERVER", "build (--jobserver)"),
	READ("MENACE_REMOTE_CACHE", "build (the remote cache)"),
	READ("MENACE_REMOTE_CACHE_AUTHORIZATION", "build (the remote cache)"),
	READ("MENACE_REMOTE_CACHE_MODE", "build (the remote cache)"),
	READ("MENACE_REMOTE_CACHE_TIMEOUT", "build (the remote cache)"),
	READ("MENACE_RUN_ID", "selftest, score, integrate (metrics.db rows)"),
	READ("MENACE_SELFTEST_POOL", "selftest (set by build)"),
	READ("METRICS_PORT", "metrics (serves /metrics)"),
	READ("MICROPILOT_MODE", "score (micro-pilots)"),
	READ("MIN_INTEGRATION_ROI", "integrate"),
	READ("PATCH_SCORE_BACKEND_AUTHORIZATION", "score (the score backend)"),
	READ("PATCH_SCORE_BACKEND_URL", "score (the score backend)"),
	NOPE("ROI_CONFIDENCE",
	     "the diminishing check compares the ROI with ROI_THRESHOLD; there is no t-test"),
	READ("ROI_THRESHOLD", "score, flag, cycle"),
	NOPE("SANDBOX_ADAPTIVE_AGENT_PATH",
	     "menace has no reinforcement-learning agent; scenarios come from the presets"),
	NOPE("SANDBOX_ADAPTIVE_AGENT_STRATEGY",
	     "menace has no reinforcement-learning agent; scenarios come from the presets"),
	NOPE("SANDBOX_AUTODISCOVER_MODULES", "it is the old name of SANDBOX_AUTO_MAP: set that"),
	READ("SANDBOX_AUTO_INCLUDE_ISOLATED", "discover"),
	READ("SANDBOX_AUTO_MAP", "discover"),
	NOPE("SANDBOX_CENTRAL_LOGGING",
	     "menace has no audit trail to forward to; SANDBOX_JSON_LOGS=1 gives lines a collector reads"),
	READ("SANDBOX_CLEAN_ORPHANS", "integrate"),
	READ("SANDBOX_CYCLES", "cycle"),
	READ("SANDBOX_DATA_DIR", "every stage"),
	NOPE("SANDBOX_DEBUG",
	     "menace has no log levels: it prints warnings and errors; --explain says why a rule runs"),
	READ("SANDBOX_DISABLE_ORPHANS", "discover"),
	READ("SANDBOX_DISABLE_ORPHAN_SCAN", "discover"),
	READ("SANDBOX_DISCOVERY_WORKERS", "discover"),
	READ("SANDBOX_DISCOVER_ISOLATED", "discover"),
	READ("SANDBOX_EDGE_CASES", "selftest"),
	READ("SANDBOX_ENV_PRESETS", "presets, selftest"),
	READ("SANDBOX_EXCLUDE_FILES", "discover"),
	READ("SANDBOX_FAIL_ON_MISSING_SCENARIOS", "build"),
	READ("SANDBOX_JSON_LOGS", "every command (log lines as JSON)"),
	NOPE("SANDBOX_LOG_LEVEL",
	     "menace has no log levels: it prints warnings and errors; -q hides the progress"),
	READ("SANDBOX_MAX_RECURSION_DEPTH", "discover"),
	READ("SANDBOX_PRESET_MODE", "presets, selftest"),
	NOPE("SANDBOX_PRESET_RL_PATH",
	     "presets are not adapted by a policy; use --preset-file or SANDBOX_ENV_PRESETS"),
	NOPE("SANDBOX_PRESET_RL_STRATEGY",
	     "presets are not adapted by a policy; use --preset-file or SANDBOX_ENV_PRESETS"),
	READ("SANDBOX_PYTHON", "selftest"),
	READ("SANDBOX_RECURSIVE_ISOLATED", "discover"),
	READ("SANDBOX_RECURSIVE_ORPHANS", "discover"),
	NOPE("SANDBOX_REFRESH_MODULE_MAP",
	     "module_map.json is integrate's output, rebuilt whenever its inputs change"),
	READ("SANDBOX_REPO_PATH", "the manifest (repo), discover"),
	READ("SANDBOX_ROI_TOLERANCE", "cycle"),
	READ("SANDBOX_SKIP_DIRS", "discover"),
	READ("SANDBOX_TEST_REDUNDANT", "discover, integrate"),
	NOPE("SANDBOX_VERBOSE",
	     "menace has no log levels: it prints warnings and errors; --explain says why a rule runs"),
	READ("SELF_TEST_ARGS", "selftest"),
	READ("SELF_TEST_AUTO_INCLUDE_ISOLATED", "discover"),
	READ("SELF_TEST_CALL_TIMEOUT", "selftest"),
	READ("SELF_TEST_CONFTEST", "selftest"),
	NOPE("SELF_TEST_DISABLE_AUTO_INTEGRATION",
	     "integration is the integrate rule: build the targets before it ('menace build score')"),
	READ("SELF_TEST_DISABLE_ORPHANS", "discover"),
	READ("SELF_TEST_DISCOVER_ISOLATED", "discover"),
	READ("SELF_TEST_DISCOVER_ORPHANS", "discover"),
	READ("SELF_TEST_INCLUDE_ORPHANS", "discover"),
	READ("SELF_TEST_INCLUDE_REDUNDANT", "discover"),
	NOPE("SELF_TEST_INTERVAL",
	     "menace runs no background service; run 'menace cycle' when wanted"),
	NOPE("SELF_TEST_METRICS_PORT",
	     "the self-test series are served with the others: use METRICS_PORT"),
	READ("SELF_TEST_RECURSIVE_ISOLATED", "discover"),
	READ("SELF_TEST_RECURSIVE_ORPHANS", "discover"),
	NOPE("SELF_TEST_REPORT_DIR",
	     "the results are the selftest rule's outputs in SANDBOX_DATA_DIR/selftest/; a copy elsewhere would be a file no rule declares"),
	NOPE("SELF_TEST_RETRIES",
	     "a self-test is deterministic for its key (its seed): a retry would run the same test again; raise SELF_TEST_TIMEOUT for slow ones"),
	READ("SELF_TEST_RUNNER", "selftest"),
	NOPE("SELF_TEST_STATE",
	     "the self-test state is the build's state database and the result files"),
	READ("SELF_TEST_TIMEOUT", "selftest"),
	NOPE("SELF_TEST_WORKERS",
	     "self-tests run in -j job slots (one preloaded worker each): use -j or a pool of the manifest"),
	NOPE("SYNERGY_CONFIDENCE", "menace computes no synergy figures"),
	NOPE("SYNERGY_THRESHOLD", "menace computes no synergy figures"),
	NOPE("SYNERGY_THRESHOLD_WEIGHT", "menace computes no synergy figures"),
	NOPE("SYNERGY_THRESHOLD_WINDOW", "menace computes no synergy figures"),
};

const struct variable *variables_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

static int cmp_name(const void *key, const void *row)
{
	return strcmp(key, ((const struct variable *)row)->name);
}

const struct variable *variables_find(const char *name)
{
	return bsearch(name, table, sizeof(table) / sizeof(table[0]), sizeof(table[0]), cmp_name);
}

void variables_check(void)
{
	size_t i;

	if (opt_getenv(VARIABLES_CHECKED_ENV))
		return;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const char *fields[] = {"variable", table[i].name, NULL};

		if (table[i].state == VAR_UNSUPPORTED && opt_getenv(table[i].name))
			logmsg(LOG_WARNING, fields, "warning: %s is not supported: %s", table[i].name,
			       table[i].text);
	}
	setenv(VARIABLES_CHECKED_ENV, "1", 1);
}
