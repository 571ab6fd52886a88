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

/* the forward closure of a file's local imports, one at a time: marks
 * stamped with a generation, so a closure costs its own size, not the
 * repository's */
struct closure {
	unsigned *mark;      /* mark[i] == gen: file i reached */
	unsigned gen;
	size_t *list, n;     /* the files reached (not f), in path order */
	size_t *stack;
};

static void closure_init(struct closure *c, const struct discovery *d)
{
	size_t n = d->nfiles ? d->nfiles : 1;

	c->mark = xcalloc(n, sizeof(*c->mark));
	c->gen = 0;
	c->list = xcalloc(n, sizeof(*c->list));
	c->stack = xcalloc(n, sizeof(*c->stack));
	c->n = 0;
}

static void closure_release(struct closure *c)
{
	free(c->mark);
	free(c->list);
	free(c->stack);
}

static int cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* fill c->list with f's closure (file order is path order) */
static void closure_of(struct closure *c, const struct discovery *d, const struct file *f)
{
	size_t sp = 0, k, self = (size_t)(f - d->files);

	c->gen++;
	c->n = 0;
	c->mark[self] = c->gen;
	c->stack[sp++] = self;
	while (sp > 0) {
		const struct file *g = &d->files[c->stack[--sp]];

		for (k = 0; k < g->ndeps; k++)
			if (c->mark[g->deps[k]] != c->gen) {
				c->mark[g->deps[k]] = c->gen;
				c->stack[sp++] = g->deps[k];
				c->list[c->n++] = g->deps[k];
			}
	}
	qsort(c->list, c->n, sizeof(*c->list), cmp_index);
}

static cJSON *deps_json(const struct discovery *d, const struct closure *c)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < c->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(d->files[c->list[i]].path));
	return a;
}

/* f's content with its closure's (modhash.h), in path order */
static void closure_hash(const struct discovery *d, const struct file *f, const struct closure *c,
                         char hex[HASH_HEX])
{
	const char **paths = xcalloc(c->n + 1, sizeof(*paths));
	struct hash *h = xcalloc(c->n + 1, sizeof(*h));
	size_t i, n = 0, self = (size_t)(f - d->files);
	int done = 0;

	for (i = 0; i <= c->n; i++) {
		size_t j;

		if (!done && (i == c->n || c->list[i] > self)) {
			paths[n] = f->path;
			h[n++] = f->h;
			done = 1;
		}
		if (i == c->n)
			break;
		j = c->list[i];
		paths[n] = d->files[j].path;
		h[n++] = d->files[j].h;
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
static int integrated(const struct discovery *d, const struct file *f, struct closure *c)
{
	const cJSON *map = d->o->module_map;
	const char *adopted;
	char hex[HASH_HEX];

	if (!map || !in_map(map, f) || map_str(map, "hashes", f->path))
		return 0;
	if (!(adopted = map_str(map, "adopted", f->path)))
		return 1;
	closure_of(c, d, f);
	closure_hash(d, f, c, hex);
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
	struct closure cl;
	size_t i;

	closure_init(&cl, d);
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
			closure_of(&cl, d, f);
			cJSON_AddItemToObject(o, "deps", deps_json(d, &cl));
			cJSON_AddStringToObject(o, "module", f->module);
		}
		cJSON_AddItemToObject(o, "parents", parents_json(d, f));
		cJSON_AddBoolToObject(o, "redundant", strcmp(c, "candidate") != 0);
	}
	closure_release(&cl);
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
	struct closure cl;
	size_t i;

	closure_init(&cl, d);
	for (i = 0; i < d->nfiles; i++) {
		const struct file *f = &d->files[i];

		if (f->orphan && (d->o->test_redundant || strcmp(classify(f), "candidate") == 0) &&
		    !integrated(d, f, &cl))
			cJSON_AddItemToArray(a, cJSON_CreateString(f->path));
	}
	closure_release(&cl);
	return a;
}

size_t discover_nintegrated(const struct discovery *d)
{
	struct closure cl;
	size_t i, n = 0;

	closure_init(&cl, d);
	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].orphan && integrated(d, &d->files[i], &cl))
			n++;
	closure_release(&cl);
	return n;
}
