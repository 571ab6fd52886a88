/* presets.c: the canonical scenario presets, exactly as the table of
 * docs/sandbox.md ("menace presets") gives them, and what `menace presets` prints
 * (the command line: cli/cmd_presets.c).
 *
 * Output format (version 1): {scenario: {"low": {KEY: value}, "high": {...}}}
 * in canonical order; each preset starts with SCENARIO_NAME, CPU_LIMIT "1",
 * MEMORY_LIMIT "512Mi", then the level keys in table order. FAILURE_MODES
 * is a string, a list for concurrency_spike, at both levels of every
 * scenario, as the original's environment_generator.py sets it (the design
 * table omits it from the high levels of schema_drift and flaky_upstream). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "rules/jsonout.h"
#include "rules/presetload.h"
#include "rules/presets.h"
#include "base/util.h"

#define S(k, v) {k, PRESET_STR, v}
#define N(k, v) {k, PRESET_NUM, v}
#define B(k, v) {k, PRESET_BOOL, v}
#define L(k, v) {k, PRESET_LIST, v}
#define END {NULL, PRESET_STR, NULL}
#define HEAD(name) S("SCENARIO_NAME", name), S("CPU_LIMIT", "1"), S("MEMORY_LIMIT", "512Mi")

#define MAXVARS 16

struct preset {
	const char *name;
	struct preset_var level[2][MAXVARS];
};

static const struct preset table[] = {
	{"high_latency_api", {
		{HEAD("high_latency_api"), N("NETWORK_LATENCY_MS", "200"), N("NETWORK_JITTER_MS", "20"),
		 N("PACKET_LOSS", "0.05"), N("API_LATENCY_MS", "500"), S("FAILURE_MODES", "api_latency"),
		 N("THREAT_INTENSITY", "30"), END},
		{HEAD("high_latency_api"), N("NETWORK_LATENCY_MS", "500"), N("NETWORK_JITTER_MS", "50"),
		 N("PACKET_LOSS", "0.1"), N("API_LATENCY_MS", "1000"), S("FAILURE_MODES", "api_latency"),
		 N("THREAT_INTENSITY", "70"), END}}},
	{"hostile_input", {
		{HEAD("hostile_input"), S("FAILURE_MODES", "hostile_input"), S("SANDBOX_STUB_STRATEGY", "hostile"),
		 S("PAYLOAD_INDICATOR", "corrupted_bytes"), B("MALICIOUS_DATA", "true"),
		 N("THREAT_INTENSITY", "30"), END},
		{HEAD("hostile_input"), S("FAILURE_MODES", "hostile_input"), S("SANDBOX_STUB_STRATEGY", "hostile"),
		 S("PAYLOAD_INDICATOR", "corrupted_bytes"), B("MALICIOUS_DATA", "true"),
		 N("THREAT_INTENSITY", "50"), END}}},
	{"user_misuse", {
		{HEAD("user_misuse"), S("FAILURE_MODES", "user_misuse"), S("SANDBOX_STUB_STRATEGY", "misuse"),
		 B("INVALID_CONFIG", "true"), B("INVALID_PARAM_TYPES", "true"), B("UNEXPECTED_API_CALLS", "true"),
		 N("THREAT_INTENSITY", "20"), END},
		{HEAD("user_misuse"), S("FAILURE_MODES", "user_misuse"), S("SANDBOX_STUB_STRATEGY", "misuse"),
		 B("INVALID_CONFIG", "true"), B("INVALID_PARAM_TYPES", "true"), B("UNEXPECTED_API_CALLS", "true"),
		 N("THREAT_INTENSITY", "30"), END}}},
	{"concurrency_spike", {
		{HEAD("concurrency_spike"), L("FAILURE_MODES", "[\"concurrency_spike\",\"cpu_spike\"]"),
		 N("THREAD_BURST", "10"), N("ASYNC_TASK_BURST", "20"), N("MAX_THREADS", "100"),
		 B("CPU_SPIKE", "true"), N("CONCURRENCY_LEVEL", "20"), N("THREAT_INTENSITY", "30"), END},
		{HEAD("concurrency_spike"), L("FAILURE_MODES", "[\"concurrency_spike\",\"cpu_spike\"]"),
		 N("THREAD_BURST", "50"), N("ASYNC_TASK_BURST", "100"), N("MAX_THREADS", "200"),
		 B("CPU_SPIKE", "true"), N("CONCURRENCY_LEVEL", "100"), N("THREAT_INTENSITY", "50"), END}}},
	{"schema_drift", {
		{HEAD("schema_drift"), S("FAILURE_MODES", "schema_drift"), N("SCHEMA_MISMATCHES", "5"),
		 N("SCHEMA_CHECKS", "100"), N("THREAT_INTENSITY", "20"),
		 S("SANDBOX_STUB_STRATEGY", "legacy_schema"), END},
		{HEAD("schema_drift"), S("FAILURE_MODES", "schema_drift"), N("SCHEMA_MISMATCHES", "20"), N("SCHEMA_CHECKS", "100"),
		 N("THREAT_INTENSITY", "40"), S("SANDBOX_STUB_STRATEGY", "legacy_schema"), END}}},
	{"flaky_upstream", {
		{HEAD("flaky_upstream"), S("FAILURE_MODES", "flaky_upstream"), N("UPSTREAM_FAILURES", "1"),
		 N("UPSTREAM_REQUESTS", "20"), N("THREAT_INTENSITY", "20"),
		 S("SANDBOX_STUB_STRATEGY", "flaky_upstream"), END},
		{HEAD("flaky_upstream"), S("FAILURE_MODES", "flaky_upstream"), N("UPSTREAM_FAILURES", "5"), N("UPSTREAM_REQUESTS", "20"),
		 N("THREAT_INTENSITY", "40"), S("SANDBOX_STUB_STRATEGY", "flaky_upstream"), END}}},
};

#define NPRESETS (sizeof(table) / sizeof(table[0]))

/* the micro-pilots' escalating trajectory (rules/micropilot.h): baseline,
 * latency_spike, io_cpu_strain, the canonical schema_drift, chaotic_failure;
 * not canonical scenarios (no coverage check, not printed unless named),
 * the same preset at both levels */
#define TRAJ(name, ...) {name, {{HEAD(name), __VA_ARGS__, END}, {HEAD(name), __VA_ARGS__, END}}}
static const struct preset trajectory[] = {
	TRAJ("baseline", S("FAILURE_MODES", ""), N("THREAT_INTENSITY", "0")),
	TRAJ("latency_spike", N("NETWORK_LATENCY_MS", "500"), N("NETWORK_JITTER_MS", "100"),
	     N("API_LATENCY_MS", "1000"), N("PACKET_LOSS", "0.05"), S("FAILURE_MODES", "api_latency"),
	     N("THREAT_INTENSITY", "40")),
	TRAJ("io_cpu_strain", N("NETWORK_LATENCY_MS", "200"), N("THREAD_BURST", "50"),
	     N("ASYNC_TASK_BURST", "100"), N("MAX_THREADS", "200"), B("CPU_SPIKE", "true"),
	     N("CONCURRENCY_LEVEL", "100"), L("FAILURE_MODES", "[\"cpu_spike\",\"io_strain\"]"),
	     N("THREAT_INTENSITY", "60")),
	TRAJ("chaotic_failure", N("NETWORK_LATENCY_MS", "500"), N("NETWORK_JITTER_MS", "100"),
	     N("PACKET_LOSS", "0.2"), N("UPSTREAM_FAILURES", "10"), N("UPSTREAM_REQUESTS", "20"),
	     N("SCHEMA_MISMATCHES", "30"), N("SCHEMA_CHECKS", "100"), B("CPU_SPIKE", "true"),
	     N("THREAD_BURST", "50"), S("SANDBOX_STUB_STRATEGY", "flaky_upstream"),
	     L("FAILURE_MODES", "[\"api_latency\",\"cpu_spike\",\"schema_drift\",\"flaky_upstream\"]"),
	     N("THREAT_INTENSITY", "90")),
};

#define NTRAJ (sizeof(trajectory) / sizeof(trajectory[0]))

static const char *const aliases[][2] = {
	{"high_latency", "high_latency_api"},
	{"malicious_data", "hostile_input"},
	{"schema_mismatch", "schema_drift"},
	{"upstream_failure", "flaky_upstream"},
};

static const char *const levels[2] = {"low", "high"};

size_t presets_count(void)
{
	return NPRESETS;
}

const char *presets_name(size_t i)
{
	return i < NPRESETS ? table[i].name : NULL;
}

/* the canonical preset named name (not an alias), or NULL */
static const struct preset *find_name(const char *name)
{
	size_t i;

	for (i = 0; i < NPRESETS; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

static const struct preset *find(const char *name)
{
	size_t i;

	if (find_name(name))
		return find_name(name);
	for (i = 0; i < NTRAJ; i++)
		if (strcmp(trajectory[i].name, name) == 0)
			return &trajectory[i];
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i][0], name) == 0)
			return find(aliases[i][1]);
	return NULL;
}

const char *presets_canonical(const char *name)
{
	const struct preset *p;

	if (presets_custom_name(name))
		return presets_custom_name(name);
	p = find(name);
	return p ? p->name : NULL;
}

int presets_level(const char *level)
{
	if (strcmp(level, "low") == 0)
		return PRESET_LOW;
	if (strcmp(level, "high") == 0)
		return PRESET_HIGH;
	return -1;
}

const struct preset_var *presets_vars(const char *scenario, int level, size_t *n)
{
	const struct preset *p = find(scenario);
	size_t k = 0;

	if (presets_custom_name(scenario))
		return presets_custom_vars(scenario, level, n);
	*n = 0;
	if (!p || level < 0 || level > 1)
		return NULL;
	while (p->level[level][k].key)
		k++;
	*n = k;
	return p->level[level];
}

static cJSON *var_json(const struct preset_var *v)
{
	switch (v->type) {
	case PRESET_NUM:
		return cJSON_CreateNumber(strtod(v->value, NULL));
	case PRESET_BOOL:
		return cJSON_CreateBool(strcmp(v->value, "true") == 0);
	case PRESET_LIST:
		return cJSON_Parse(v->value);
	case PRESET_STR:
		break;
	}
	return cJSON_CreateString(v->value);
}

/* scenario's two levels into root */
static void add_scenario(cJSON *root, const char *scenario)
{
	cJSON *sc = cJSON_AddObjectToObject(root, scenario);
	size_t k, nv;
	int l;

	for (l = 0; l < 2; l++) {
		cJSON *lv = cJSON_AddObjectToObject(sc, levels[l]);
		const struct preset_var *v = presets_vars(scenario, l, &nv);

		for (k = 0; k < nv; k++)
			cJSON_AddItemToObject(lv, v[k].key, var_json(&v[k]));
	}
}

/* 1 when no names are given or one of them is scenario */
static int wanted(const char **names, size_t n, const char *scenario)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(presets_canonical(names[i]), scenario) == 0)
			return 1;
	return n == 0;
}

cJSON *presets_json(const char **names, size_t n)
{
	cJSON *root;
	size_t i;

	for (i = 0; i < n; i++)
		if (!presets_canonical(names[i])) {
			warn("unknown scenario '%s'", names[i]);
			return NULL;
		}
	root = cJSON_CreateObject();
	/* the canonical order (a custom preset of a canonical name in its
	 * place), then the custom scenarios in the order they were defined */
	for (i = 0; i < NPRESETS; i++)
		if (wanted(names, n, table[i].name))
			add_scenario(root, table[i].name);
	for (i = 0; n && i < NTRAJ; i++)
		if (!presets_custom_name(trajectory[i].name) && wanted(names, n, trajectory[i].name))
			add_scenario(root, trajectory[i].name);
	for (i = 0; i < presets_custom_count(); i++)
		if (!find_name(presets_custom_at(i)) && wanted(names, n, presets_custom_at(i)))
			add_scenario(root, presets_custom_at(i));
	return root;
}

int presets_check_coverage(const char **scenarios, size_t n)
{
	unsigned char seen[NPRESETS] = {0};
	struct buf missing = BUF_INIT;
	size_t i, nmissing = 0;

	for (i = 0; i < n; i++) {
		const struct preset *p = scenarios[i] ? find(scenarios[i]) : NULL;

		if (p)
			seen[p - table] = 1;
	}
	for (i = 0; i < NPRESETS; i++) {
		if (seen[i])
			continue;
		buf_printf(&missing, "%s'%s'", nmissing ? ", " : "", table[i].name);
		nmissing++;
	}
	if (!nmissing)
		return 0;
	warn("scenario matrix lacks canonical %s %s (SANDBOX_FAIL_ON_MISSING_SCENARIOS=1)",
	     nmissing > 1 ? "scenarios" : "scenario", missing.s);
	buf_free(&missing);
	return -1;
}

int presets_run(const struct presets_opts *o)
{
	cJSON *root = presets_json(o->names, o->n);
	char *text;
	int rc;

	if (!root)
		return EXIT_USAGE;
	text = jsonout_text(root);
	if (o->out) {
		rc = write_file_atomic(o->out, text, strlen(text)) < 0 ? EXIT_FAILED : EXIT_OK;
	} else {
		fputs(text, stdout);
		rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
	}
	free(text);
	cJSON_Delete(root);
	return rc;
}
