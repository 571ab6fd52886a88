/* presets.h: the canonical scenario presets (docs/sandbox.md, "menace presets").
 * Six scenarios, each with a "low" and a "high" level; a preset is an
 * ordered list of KEY -> value, the value typed for JSON and a string
 * for a child's environment (numbers as written, true/false, lists as JSON). */
#ifndef MENACE_PRESETS_H
#define MENACE_PRESETS_H

#include <stddef.h>

#include <cjson/cJSON.h>

enum preset_type { PRESET_STR, PRESET_NUM, PRESET_BOOL, PRESET_LIST };

struct preset_var {
	const char *key;
	enum preset_type type;
	const char *value;        /* the environment text; JSON text for lists */
};

enum { PRESET_LOW, PRESET_HIGH };

/* number of canonical scenarios */
size_t presets_count(void);
/* the i-th canonical scenario name, in the canonical order */
const char *presets_name(size_t i);
/* the canonical name of name or of its alias (high_latency ->
 * high_latency_api, ...), NULL when unknown */
const char *presets_canonical(const char *name);
/* "low" -> PRESET_LOW, "high" -> PRESET_HIGH, else -1 */
int presets_level(const char *level);
/* the variables of a preset (canonical name), SCENARIO_NAME first; *n set */
const struct preset_var *presets_vars(const char *scenario, int level, size_t *n);
/* {scenario: {"low": {...}, "high": {...}}} for the given names (aliases
 * allowed; NULL/0 = all), in canonical order; NULL after a warning naming
 * an unknown scenario */
cJSON *presets_json(const char **names, size_t n);
/* 0 when scenarios[] (aliases allowed) covers every canonical scenario,
 * else -1 after "menace: scenario matrix lacks canonical scenarios 'a',
 * 'b' ... (SANDBOX_FAIL_ON_MISSING_SCENARIOS=1)" (the command line runs
 * this check only when that variable is on: cli/actions.c) */
int presets_check_coverage(const char **scenarios, size_t n);

/* what `menace presets` prints, or writes with out */
struct presets_opts {
	const char **names;       /* scenarios (aliases allowed); NULL/0 = all */
	size_t n;
	const char *out;          /* a file written atomically; NULL: stdout */
};

/* presets_json of o's names as JSON text, on stdout or into o->out: the
 * exit status, EXIT_USAGE after a warning naming an unknown scenario,
 * EXIT_FAILED when the text could not be written */
int presets_run(const struct presets_opts *o);

#endif
