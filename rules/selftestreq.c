/* selftestreq.c: the request `menace selftest` sends its worker (the
 * format: docs/sandbox.md "The worker protocol"): the child's complete
 * environment built from scratch, its limits, its seed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/hash.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/isolation.h"
#include "rules/presets.h"
#include "rules/selftestrun.h"

unsigned long long selftest_seed(const char *content_hex, const char *scenario, const char *level)
{
	char *s = xasprintf("%s\n%s\n%s", content_hex, scenario, level);
	struct hash h = hash_bytes(s, strlen(s));

	free(s);
	return (unsigned long long)(h.lo & ((1ULL << 53) - 1));
}

static void env_put(char ***env, size_t *n, size_t *cap, char *entry)
{
	growarray(env, cap, *n + 2, sizeof(char *));
	(*env)[(*n)++] = entry;
	(*env)[*n] = NULL;
}

char **selftest_child_env(const char *tmp, const char *repo_abs, const struct preset_var *vars,
			  size_t nvars)
{
	const char *path = getenv("PATH"), *pp = getenv("PYTHONPATH");
	char **env = NULL;
	size_t n = 0, cap = 0, i;

	env_put(&env, &n, &cap, xasprintf("PATH=%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin"));
	env_put(&env, &n, &cap, xasprintf("HOME=%s/home", tmp));
	env_put(&env, &n, &cap, xasprintf("TMPDIR=%s/tmp", tmp));
	env_put(&env, &n, &cap, xasprintf("TMP=%s/tmp", tmp));
	env_put(&env, &n, &cap, xasprintf("TEMP=%s/tmp", tmp));
	env_put(&env, &n, &cap, xstrdup("LANG=C.UTF-8"));
	if (pp && *pp)
		env_put(&env, &n, &cap, xasprintf("PYTHONPATH=%s:%s", repo_abs, pp));
	else
		env_put(&env, &n, &cap, xasprintf("PYTHONPATH=%s", repo_abs));
	env_put(&env, &n, &cap, xstrdup("PYTHONDONTWRITEBYTECODE=1"));
	env_put(&env, &n, &cap, xstrdup("PYTHONUNBUFFERED=1"));
	for (i = 0; i < nvars; i++)
		env_put(&env, &n, &cap, xasprintf("%s=%s", vars[i].key, vars[i].value));
	return env;
}

/* "K=V" strings into an object (a later K wins) */
static cJSON *env_object(char **env)
{
	cJSON *o = cJSON_CreateObject();
	char **e;

	for (e = env; *e; e++) {
		char *eq = strchr(*e, '='), *key = xstrndup(*e, (size_t)(eq - *e));

		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
		cJSON_AddStringToObject(o, key, eq + 1);
		free(key);
	}
	return o;
}

void selftest_add_u64(cJSON *o, const char *key, unsigned long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%llu", v);
	cJSON_AddRawToObject(o, key, num);
}

/* the preset's variables and limits into q; 0, or -1 after a warning */
static int add_preset(struct run *r, cJSON *q)
{
	const struct selftest_opts *o = r->o;
	const struct preset_var *vars;
	cJSON *preset = cJSON_AddObjectToObject(q, "preset");
	unsigned long long mem = 0, cpu = 0;
	size_t nvars, i;
	char **env;

	vars = presets_vars(r->scenario, presets_level(o->level), &nvars);
	for (i = 0; i < nvars; i++) {
		cJSON_AddStringToObject(preset, vars[i].key, vars[i].value);
		if (strcmp(vars[i].key, "MEMORY_LIMIT") == 0 &&
		    isolation_parse_size(vars[i].value, &mem) < 0)
			return error("scenario '%s': bad MEMORY_LIMIT '%s'", r->scenario, vars[i].value);
		if (strcmp(vars[i].key, "CPU_LIMIT") == 0 && strtod(vars[i].value, NULL) > 0)
			cpu = (unsigned long long)ceil(strtod(vars[i].value, NULL) * o->timeout_s) + 1;
	}
	env = selftest_child_env(r->writable, r->repo_abs, vars, nvars);
	cJSON_AddItemToObject(q, "env", env_object(env));
	isolation_env_free(env);
	selftest_add_u64(q, "mem_bytes", mem);
	selftest_add_u64(q, "cpu_seconds", cpu);
	return 0;
}

char *selftest_request(struct run *r)
{
	const struct selftest_opts *o = r->o;
	cJSON *q = cJSON_CreateObject();
	char *name = selftest_module_name(r->module), *outcomes, *text = NULL;

	cJSON_AddStringToObject(q, "module", r->module);
	cJSON_AddStringToObject(q, "name", name);
	cJSON_AddStringToObject(q, "repo", r->repo_abs);
	cJSON_AddStringToObject(q, "cwd", r->repo_abs);
	if (r->test_abs)
		cJSON_AddStringToObject(q, "test", r->test_abs);
	else
		cJSON_AddNullToObject(q, "test");
	cJSON_AddStringToObject(q, "runner", r->runner);
	cJSON_AddStringToObject(q, "scenario", r->scenario);
	cJSON_AddStringToObject(q, "level", o->level);
	selftest_add_u64(q, "seed", r->seed);
	cJSON_AddNumberToObject(q, "timeout", o->timeout_s);
	cJSON_AddNumberToObject(q, "call_timeout", o->call_timeout_s);
	cJSON_AddItemToObject(q, "writable", cJSON_CreateStringArray((const char *const[]){r->writable}, 1));
	outcomes = path_join(r->writable, "outcomes.jsonl");
	cJSON_AddStringToObject(q, "outcomes", outcomes);
	cJSON_AddStringToObject(q, "args", o->args ? o->args : "");
	cJSON_AddBoolToObject(q, "conftest", o->conftest);
	if (r->edge_cases)
		cJSON_AddStringToObject(q, "edge_cases", r->edge_cases);
	else
		cJSON_AddNullToObject(q, "edge_cases");
	if (add_preset(r, q) == 0)
		text = cJSON_PrintUnformatted(q);
	cJSON_Delete(q);
	free(outcomes);
	free(name);
	return text;
}
