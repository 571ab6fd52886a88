/* discoverjson.c: discovery's three documents (format: discover.h): the
 * classification of each orphan, its parents and deps, and the queue. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rules/discoverdef.h"
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

/* the forward closure of f's local imports, in path order */
static cJSON *deps_json(const struct discovery *d, const struct file *f)
{
	char *seen = xcalloc(d->nfiles ? d->nfiles : 1, 1);
	size_t *stack = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*stack)), sp = 0, i, k;
	cJSON *a = cJSON_CreateArray();

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
	for (i = 0; i < d->nfiles; i++)
		if (seen[i])
			cJSON_AddItemToArray(a, cJSON_CreateString(d->files[i].path));
	free(seen);
	free(stack);
	return a;
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
			cJSON_AddItemToObject(o, "deps", deps_json(d, f));
			cJSON_AddStringToObject(o, "module", f->module);
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

		if (f->orphan && (d->o->test_redundant || strcmp(classify(f), "candidate") == 0))
			cJSON_AddItemToArray(a, cJSON_CreateString(f->path));
	}
	return a;
}
