/* discoverjson.c: discovery's three documents (format: discover.h): the
 * classification of each orphan, its parents and deps, and the queue. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rules/discoverdef.h"
#include "rules/jsondoc.h"
#include "rules/modhash.h"
#include "base/util.h"

static const char *classify(const struct file *f)
{
	if (f->ps.legacy)
		return "legacy";
	if (f->duplicate)
		return "redundant";
	if (f->ndeps == 0 && f->nimporters == 0 && f->ps.nfunctions <= 1 && f->ps.ncalls == 0
	    && !f->ps.docstring && 1 + f->ps.nbranches <= 5)
		return "redundant";
	return "candidate";
}

static cJSON *parents_json(const struct discovery *d, const struct file *f)
{
	cJSON *a = cJSON_CreateArray();
	size_t k;

	/* importers are in file order, which is path order */
	for (k = 0; k < f->nimporters; k++) {
		const struct file *p = &d->files[f->importers[k]];

		if (p->orphan)
			cJSON_AddItemToArray(a, cJSON_CreateString(p->path));
	}
	return a;
}

/* the forward closure of f's local imports: seen[i] set for each (not f) */
static char *closure(const struct discovery *d, const struct file *f)
{
	char *seen = xcalloc(d->nfiles ? d->nfiles : 1, 1);
	size_t *stack = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*stack)), sp = 0, k;

	seen[f - d->files] = 1;
	stack[sp++] = (size_t)(f - d->files);
	while (sp > 0) {
		const struct file *g = &d->files[stack[--sp]];

		for (k = 0; k < g->ndeps; k++)
			if (!seen[g->deps[k]]) {
				seen[g->deps[k]] = 1;
				stack[sp++] = g->deps[k];
			}
	}
	seen[f - d->files] = 0;
	free(stack);
	return seen;
}

/* the closure in path order */
static cJSON *deps_json(const struct discovery *d, const char *seen)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (seen[i])
			cJSON_AddItemToArray(a, cJSON_CreateString(d->files[i].path));
	return a;
}

/* f's content with its closure's (modhash.h) */
static void closure_hash(const struct discovery *d, const struct file *f, const char *seen,
                         char hex[HASH_HEX])
{
	const char **paths = xcalloc(d->nfiles + 1, sizeof(*paths));
	struct hash *h = xcalloc(d->nfiles + 1, sizeof(*h));
	size_t i, n = 0;

	for (i = 0; i < d->nfiles; i++)
		if (seen[i] || &d->files[i] == f) {
			paths[n] = d->files[i].path;
			h[n++] = d->files[i].h;
		}
	modhash_hex(paths, h, n, hex);
	free(paths);
	free(h);
}

/* a string member of module_map.json's object key, by path */
static const char *map_str(const cJSON *map, const char *key, const char *path)
{
	return jsondoc_str(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(map, key), path));
}

/* the module_map.json entry of f: by its path, the path without .py or
 * the dotted name (integrate.h's older shapes) */
static int in_map(const cJSON *map, const struct file *f)
{
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(map, "modules");
	char *bare = xstrndup(f->path, strlen(f->path) - 3);
	int in;

	if (!cJSON_IsObject(mods))
		mods = map;
	in = cJSON_GetObjectItemCaseSensitive(mods, f->path) || cJSON_GetObjectItemCaseSensitive(mods, bare) ||
	     (*f->module && cJSON_GetObjectItemCaseSensitive(mods, f->module));
	free(bare);
	return in;
}

/* 1 when module_map.json keeps orphan f out of the queue: the map holds it
 * and menace did not test it into the map ("hashes"), and it is as it was
 * when integrate first saw it there ("adopted"), if it did */
static int integrated(const struct discovery *d, const struct file *f)
{
	const cJSON *map = d->o->module_map;
	const char *adopted;
	char *seen;
	char hex[HASH_HEX];

	if (!map || !in_map(map, f) || map_str(map, "hashes", f->path))
		return 0;
	if (!(adopted = map_str(map, "adopted", f->path)))
		return 1;
	seen = closure(d, f);
	closure_hash(d, f, seen, hex);
	free(seen);
	return strcmp(adopted, hex) == 0;
}

int discover_map_matters(const cJSON *map)
{
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(map, "modules"), *e;

	if (!cJSON_IsObject(map))
		return 0;
	if (!cJSON_IsObject(mods))
		mods = map;
	cJSON_ArrayForEach(e, mods)
		if (!map_str(map, "hashes", e->string))
			return 1;
	return 0;
}

/* one entry per orphan; discovered.json adds deps and module to what
 * orphan_classifications.json has (keys in sorted order either way) */
static cJSON *orphans_json(const struct discovery *d, int full)
{
	cJSON *root = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < d->nfiles; i++) {
		const struct file *f = &d->files[i];
		const char *c;
		cJSON *o;

		if (!f->orphan)
			continue;
		c = classify(f);
		o = cJSON_AddObjectToObject(root, f->path);
		cJSON_AddStringToObject(o, "classification", c);
		if (full) {
			char *seen = closure(d, f);

			cJSON_AddItemToObject(o, "deps", deps_json(d, seen));
			cJSON_AddStringToObject(o, "module", f->module);
			free(seen);
		}
		cJSON_AddItemToObject(o, "parents", parents_json(d, f));
		cJSON_AddBoolToObject(o, "redundant", strcmp(c, "candidate") != 0);
	}
	return root;
}

cJSON *discover_json(const struct discovery *d)
{
	return orphans_json(d, 1);
}

cJSON *discover_classifications_json(const struct discovery *d)
{
	return orphans_json(d, 0);
}

cJSON *discover_queue_json(const struct discovery *d)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < d->nfiles; i++) {
		const struct file *f = &d->files[i];

		if (f->orphan && (d->o->test_redundant || strcmp(classify(f), "candidate") == 0) &&
		    !integrated(d, f))
			cJSON_AddItemToArray(a, cJSON_CreateString(f->path));
	}
	return a;
}

size_t discover_nintegrated(const struct discovery *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].orphan && integrated(d, &d->files[i]))
			n++;
	return n;
}
