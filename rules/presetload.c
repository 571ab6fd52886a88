/* presetload.c: custom scenario presets (presetload.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/fsio.h"
#include "base/util.h"
#include "rules/jsondoc.h"
#include "rules/presetload.h"

struct custom {
	char *name;
	struct preset_var *vars[2];
	size_t n[2];
};

static struct custom *customs;
static size_t ncustoms, capcustoms;

static void vars_free(struct preset_var *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)v[i].key);
		free((char *)v[i].value);
	}
	free(v);
}

void presets_unload(void)
{
	size_t i;
	int l;

	for (i = 0; i < ncustoms; i++) {
		for (l = 0; l < 2; l++)
			vars_free(customs[i].vars[l], customs[i].n[l]);
		free(customs[i].name);
	}
	free(customs);
	customs = NULL;
	ncustoms = capcustoms = 0;
}

static struct custom *get(const char *name)
{
	size_t i;

	for (i = 0; i < ncustoms; i++)
		if (strcmp(customs[i].name, name) == 0)
			return &customs[i];
	return NULL;
}

const char *presets_custom_name(const char *name)
{
	const struct custom *c = get(name);

	return c ? c->name : NULL;
}

const struct preset_var *presets_custom_vars(const char *name, int level, size_t *n)
{
	const struct custom *c = get(name);

	*n = 0;
	if (!c || level < 0 || level > 1)
		return NULL;
	*n = c->n[level];
	return c->vars[level];
}

size_t presets_custom_count(void)
{
	return ncustoms;
}

const char *presets_custom_at(size_t i)
{
	return i < ncustoms ? customs[i].name : NULL;
}

static int good_key(const char *k)
{
	if (!*k || !(isalpha((unsigned char)*k) || *k == '_'))
		return 0;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_')
			return 0;
	return 1;
}

static int good_name(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return 0;
	return 1;
}

static void push(struct preset_var **v, size_t *n, size_t *cap, const char *key, enum preset_type t,
                 char *value)
{
	growarray(v, cap, *n + 1, sizeof(**v));
	(*v)[*n].key = xstrdup(key);
	(*v)[*n].type = t;
	(*v)[(*n)++].value = value;
}

/* one preset object into *out (SCENARIO_NAME, the limits, its keys); 0 or
 * -1 after an error naming src */
static int read_preset(const char *src, const char *name, const cJSON *p, struct preset_var **out,
                       size_t *nout)
{
	struct preset_var *v = NULL;
	size_t n = 0, cap = 0;
	const cJSON *e;

	if (!cJSON_IsObject(p))
		return error("%s: scenario '%s': a preset is a JSON object", src, name);
	push(&v, &n, &cap, "SCENARIO_NAME", PRESET_STR, xstrdup(name));
	if (!cJSON_GetObjectItemCaseSensitive(p, "CPU_LIMIT"))
		push(&v, &n, &cap, "CPU_LIMIT", PRESET_STR, xstrdup("1"));
	if (!cJSON_GetObjectItemCaseSensitive(p, "MEMORY_LIMIT"))
		push(&v, &n, &cap, "MEMORY_LIMIT", PRESET_STR, xstrdup("512Mi"));
	cJSON_ArrayForEach(e, p) {
		char *text;

		if (strcmp(e->string, "SCENARIO_NAME") == 0)
			continue;
		if (!good_key(e->string)) {
			vars_free(v, n);
			return error("%s: scenario '%s': '%s' is not a variable name", src, name, e->string);
		}
		if (cJSON_IsString(e)) {
			push(&v, &n, &cap, e->string, PRESET_STR, xstrdup(e->valuestring));
		} else if (cJSON_IsBool(e)) {
			push(&v, &n, &cap, e->string, PRESET_BOOL, xstrdup(cJSON_IsTrue(e) ? "true" : "false"));
		} else if (cJSON_IsNumber(e) || cJSON_IsArray(e)) {
			text = cJSON_PrintUnformatted(e);
			push(&v, &n, &cap, e->string, cJSON_IsNumber(e) ? PRESET_NUM : PRESET_LIST, xstrdup(text));
			cJSON_free(text);
		} else {
			vars_free(v, n);
			return error("%s: scenario '%s': %s must be a string, number, boolean or list", src, name,
			             e->string);
		}
	}
	*out = v;
	*nout = n;
	return 0;
}

/* define (or redefine) name with its low and high presets (high may be
 * low: it is copied); 0 or -1 */
static int define(const char *src, const char *name, const cJSON *low, const cJSON *high)
{
	struct custom c, *old;
	int l;

	if (!good_name(name))
		return error("%s: '%s' is not a scenario name (letters, digits, '_', '.', '-')", src, name);
	memset(&c, 0, sizeof(c));
	if (read_preset(src, name, low, &c.vars[0], &c.n[0]) < 0)
		return -1;
	if (read_preset(src, name, high ? high : low, &c.vars[1], &c.n[1]) < 0) {
		vars_free(c.vars[0], c.n[0]);
		return -1;
	}
	if ((old = get(name))) {
		for (l = 0; l < 2; l++) {
			vars_free(old->vars[l], old->n[l]);
			old->vars[l] = c.vars[l];
			old->n[l] = c.n[l];
		}
		return 0;
	}
	c.name = xstrdup(name);
	growarray(&customs, &capcustoms, ncustoms + 1, sizeof(*customs));
	customs[ncustoms++] = c;
	return 0;
}

/* a preset in the original's shape: {"SCENARIO_NAME": name, ...} */
static int define_flat(const char *src, const cJSON *p)
{
	const char *name = jsondoc_str(cJSON_GetObjectItemCaseSensitive(p, "SCENARIO_NAME"));

	if (!name)
		return error("%s: a preset without levels needs a SCENARIO_NAME string", src);
	return define(src, name, p, NULL);
}

/* menace's shape: {scenario: {"low": {...}, "high": {...}}} */
static int define_levels(const char *src, const cJSON *root)
{
	const cJSON *sc;

	cJSON_ArrayForEach(sc, root) {
		const cJSON *low = cJSON_GetObjectItemCaseSensitive(sc, "low");
		const cJSON *high = cJSON_GetObjectItemCaseSensitive(sc, "high");
		const cJSON *k;

		cJSON_ArrayForEach(k, sc)
			if (strcmp(k->string, "low") != 0 && strcmp(k->string, "high") != 0)
				return error("%s: scenario '%s': unknown level '%s' (low, high)", src, sc->string,
				             k->string);
		if (!low && !high)
			return error("%s: scenario '%s' has no level (low, high)", src, sc->string);
		if (define(src, sc->string, low ? low : high, high ? high : low) < 0)
			return -1;
	}
	return 0;
}

/* 1 when o is in menace's shape: no SCENARIO_NAME, every member an object */
static int is_levels(const cJSON *o)
{
	const cJSON *e;

	if (!cJSON_IsObject(o) || cJSON_GetObjectItemCaseSensitive(o, "SCENARIO_NAME"))
		return 0;
	cJSON_ArrayForEach(e, o)
		if (!cJSON_IsObject(e))
			return 0;
	return 1;
}

static int load_text(const char *src, const char *text)
{
	cJSON *root = jsondoc_parse(src, text);
	const cJSON *e;
	int rc = 0;

	if (!root)
		return -1;
	if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(e, root)
			if (rc == 0)
				rc = is_levels(e) ? define_levels(src, e) : define_flat(src, e);
	} else if (cJSON_IsObject(root)) {
		rc = is_levels(root) ? define_levels(src, root) : define_flat(src, root);
	} else {
		rc = error("%s: presets are a JSON object or a list of them", src);
	}
	cJSON_Delete(root);
	return rc;
}

int presets_load(const struct preset_sources *src)
{
	size_t i;

	presets_unload();
	if (src->mode && *src->mode && strcmp(src->mode, "canonical") != 0) {
		warn("SANDBOX_PRESET_MODE: '%s' is not a mode (canonical)", src->mode);
		return -2;
	}
	if (src->mode && strcmp(src->mode, "canonical") == 0) {
		for (i = 0; src->note_ignored && i < src->nfiles; i++)
			warn("SANDBOX_PRESET_MODE=canonical: preset file '%s' not read", src->files[i]);
		if (src->note_ignored && src->env_json && *src->env_json)
			warn("SANDBOX_PRESET_MODE=canonical: SANDBOX_ENV_PRESETS not read");
		return 0;
	}
	for (i = 0; i < src->nfiles; i++) {
		char *text = read_file(src->files[i], NULL);
		int rc;

		if (!text) {
			presets_unload();
			return error("cannot read preset file '%s':", src->files[i]);
		}
		rc = load_text(src->files[i], text);
		free(text);
		if (rc < 0) {
			presets_unload();
			return -1;
		}
	}
	if (src->env_json && *src->env_json && load_text("SANDBOX_ENV_PRESETS", src->env_json) < 0) {
		presets_unload();
		return -1;
	}
	return 0;
}
