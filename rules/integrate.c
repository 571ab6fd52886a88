/* integrate.c: which discovered modules join the module map, and where.
 *
 * Group rule (deterministic, independent of file and hash order): new
 * modules are placed in rounds. In a round, every still ungrouped new module
 * takes the group of its first grouped neighbour: first its imports (deps[],
 * path order), then its importers (parents[], path order); a group given in a
 * round is seen only by the next round. When a round places nothing, the
 * first ungrouped module in path order opens a new group, max + 1 over the
 * integer groups (0 in an empty map), and the rounds go on. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "base/htab.h"
#include "rules/integrate.h"
#include "rules/jsondoc.h"
#include "rules/metricsdb.h"
#include "base/path.h"
#include "rules/argopt.h"
#include "rules/ruleopt.h"
#include "base/util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* a string-keyed table that owns its keys, remembering them for iteration */
struct strmap {
	struct htab *t;
	char **keys;
	size_t n, cap;
};

static void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
	m->t = htab_new(64);
}

static void *strmap_get(const struct strmap *m, const char *key)
{
	return htab_get(m->t, key, strlen(key));
}

/* the value slot of key; a new key has *slot == NULL and must get a value */
static void **strmap_slot(struct strmap *m, const char *key)
{
	char *k = xstrdup(key);
	void **slot = htab_put(m->t, k, strlen(k));

	if (*slot) {
		free(k);
	} else {
		growarray(&m->keys, &m->cap, m->n + 1, sizeof(*m->keys));
		m->keys[m->n++] = k;
	}
	return slot;
}

static void strmap_free(struct strmap *m, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (free_val)
			free_val(strmap_get(m, m->keys[i]));
		free(m->keys[i]);
	}
	free(m->keys);
	htab_free(m->t);
}

/* the keys in byte order */
static void strmap_sort(struct strmap *m)
{
	if (m->n > 1)
		qsort(m->keys, m->n, sizeof(*m->keys), cmp_strp);
}

/* discovered module name -> path */
static struct htab *module_index(const cJSON *discovered)
{
	struct htab *t = htab_new(64);
	const cJSON *e;

	cJSON_ArrayForEach(e, discovered) {
		const char *m = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "module"));

		if (m && !htab_get(t, m, strlen(m)))
			*htab_put(t, m, strlen(m)) = e->string;
	}
	return t;
}

static char *norm_path(const char *name, struct htab *modules)
{
	char *dotted, *p, *q;
	const char *known;

	if (ends_with(name, ".py")) {
		p = xstrdup(name);
		path_clean(p);
		return p;
	}
	/* a module name: the discovered module of that name (a package) first */
	dotted = xstrdup(name);
	for (q = dotted; *q; q++)
		if (*q == '/')
			*q = '.';
	if ((known = htab_get(modules, dotted, strlen(dotted)))) {
		free(dotted);
		return xstrdup(known);
	}
	if (strchr(name, '/')) {
		p = xasprintf("%s.py", name);
	} else {
		for (q = dotted; *q; q++)
			if (*q == '.')
				*q = '/';
		p = xasprintf("%s.py", dotted);
	}
	free(dotted);
	path_clean(p);
	return p;
}

char *integrate_norm_path(const char *name, const cJSON *discovered)
{
	struct htab *modules = module_index(discovered);
	char *p = norm_path(name, modules);

	htab_free(modules);
	return p;
}

/* the dotted module name of a .py path (pkg/__init__.py -> pkg) */
static char *module_name(const char *path)
{
	size_t n = strlen(path);
	char *m, *q;

	if (ends_with(path, "/__init__.py"))
		n -= strlen("/__init__.py");
	else if (ends_with(path, ".py"))
		n -= 3;
	m = xstrndup(path, n);
	for (q = m; *q; q++)
		if (*q == '/')
			*q = '.';
	return m;
}

/* a group value as text ("3"), or NULL when it is not a number or string */
static char *group_text(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble == (double)(long long)v->valuedouble ?
		       xasprintf("%.0f", v->valuedouble) : xasprintf("%g", v->valuedouble);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	return NULL;
}

/* the integer of a group text, or -1 when it is not a non-negative integer */
static long group_number(const char *s)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return -1;
	return strtol(s, NULL, 10);
}

static cJSON *group_value(const char *text)
{
	long n = group_number(text);

	return n >= 0 ? cJSON_CreateNumber((double)n) : cJSON_CreateString(text);
}

/* the old module map, either shape, into map (path -> group text) */
static int read_old_map(cJSON *old, struct htab *modules, struct strmap *map)
{
	cJSON *mods = old, *e;

	if (!old)
		return 0;
	if (!cJSON_IsObject(old))
		return error("module_map.json: expected an object");
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(old, "modules")))
		mods = cJSON_GetObjectItemCaseSensitive(old, "modules");
	cJSON_ArrayForEach(e, mods) {
		char *g = group_text(e), *p;
		void **slot;

		if (!g)
			return error("module_map.json: the group of '%s' is not a number or string", e->string);
		p = norm_path(e->string, modules);
		slot = strmap_slot(map, p);
		free(*slot);
		*slot = g;
		free(p);
	}
	return 0;
}

/* the old orphan list, either shape, into orphans (path -> cJSON entry) */
static int read_old_orphans(cJSON *old, struct htab *modules, struct strmap *orphans)
{
	cJSON *e;

	if (!old)
		return 0;
	if (!cJSON_IsObject(old) && !cJSON_IsArray(old))
		return error("orphan_modules.json: expected an object or a list of paths");
	cJSON_ArrayForEach(e, old) {
		const char *name = cJSON_IsArray(old) ? jsondoc_str(e) : e->string;
		cJSON *v;
		void **slot;
		char *p;

		if (!name)
			return error("orphan_modules.json: expected a list of path strings");
		p = norm_path(name, modules);
		if (cJSON_IsObject(e)) {
			v = cJSON_Duplicate(e, 1);
		} else {
			/* a bare path from the older list shape: nothing known about it */
			v = cJSON_CreateObject();
			cJSON_AddItemToObject(v, "parents", cJSON_CreateArray());
			cJSON_AddStringToObject(v, "classification", "candidate");
			cJSON_AddBoolToObject(v, "redundant", 0);
		}
		slot = strmap_slot(orphans, p);
		cJSON_Delete(*slot);
		*slot = v;
		free(p);
	}
	return 0;
}

/* normalised, sorted copies of a string array (paths or module names) */
static char **path_list(const cJSON *arr, struct htab *modules, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		if (!jsondoc_str(e))
			continue;
		growarray(&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = norm_path(e->valuestring, modules);
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_strp);
	return v;
}

static cJSON *string_array(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static double num_field(const cJSON *o, const char *key, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

struct newmod {
	const char *path;      /* discovered's key */
	char **deps, **parents;
	size_t ndeps, nparents;
	const char *group;     /* the group text, owned by the map */
	unsigned stamp;        /* the last round it was a candidate in */
};

/* the group of the module's first grouped neighbour: imports, then importers */
static const char *first_group(const struct strmap *map, const struct newmod *m)
{
	const char *g;
	size_t k;

	for (k = 0; k < m->ndeps; k++)
		if ((g = strmap_get(map, m->deps[k])))
			return g;
	for (k = 0; k < m->nparents; k++)
		if ((g = strmap_get(map, m->parents[k])))
			return g;
	return NULL;
}

struct idxlist {
	size_t *v, n, cap;
};

static void idxlist_free(void *p)
{
	struct idxlist *l = p;

	if (l) {
		free(l->v);
		free(l);
	}
}

static void publish(struct strmap *map, struct newmod *m, const char *group)
{
	void **slot = strmap_slot(map, m->path);

	*slot = xstrdup(group);
	m->group = *slot;
}

/* the rounds of the group rule (top of this file), in time proportional to
 * the number of import edges: a module is a candidate in a round only when
 * one of its neighbours was grouped in the round before */
static void place_groups(struct strmap *map, struct newmod *m, size_t n)
{
	struct strmap rev;             /* neighbour path -> modules that list it */
	size_t *cand = NULL, *next = NULL, ncand = 0, nnext = 0, ccap = 0, ncap = 0;
	size_t i, k, cursor = 0;
	const char **pending;
	unsigned round = 1;
	long max = -1;

	for (i = 0; i < map->n; i++) {
		long v = group_number(strmap_get(map, map->keys[i]));

		if (v > max)
			max = v;
	}
	strmap_init(&rev);
	for (i = 0; i < n; i++) {
		for (k = 0; k < m[i].ndeps + m[i].nparents; k++) {
			const char *p = k < m[i].ndeps ? m[i].deps[k] : m[i].parents[k - m[i].ndeps];
			void **slot = strmap_slot(&rev, p);
			struct idxlist *l = *slot ? *slot : (*slot = xcalloc(1, sizeof(*l)));

			if (l->n == 0 || l->v[l->n - 1] != i) {
				growarray(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
				l->v[l->n++] = i;
			}
		}
		/* round 1: modules next to one already in the map */
		if (first_group(map, &m[i])) {
			growarray(&cand, &ccap, ncand + 1, sizeof(*cand));
			cand[ncand++] = i;
		}
	}
	pending = xcalloc(n ? n : 1, sizeof(*pending));
	for (;;) {
		size_t placed = 0;

		nnext = 0;
		for (k = 0; k < ncand; k++)
			pending[k] = first_group(map, &m[cand[k]]);
		for (k = 0; k < ncand; k++) {
			if (!pending[k])
				continue;
			publish(map, &m[cand[k]], pending[k]);
			cand[placed++] = cand[k];
		}
		if (placed == 0) {
			char *g;

			while (cursor < n && m[cursor].group)
				cursor++;
			if (cursor == n)
				break;
			g = xasprintf("%ld", ++max);
			publish(map, &m[cursor], g);
			free(g);
			growarray(&cand, &ccap, 1, sizeof(*cand));
			cand[0] = cursor;
			placed = 1;
		}
		/* the next round's candidates: ungrouped modules next to this round's */
		round++;
		for (k = 0; k < placed; k++) {
			struct idxlist *l = strmap_get(&rev, m[cand[k]].path);

			for (i = 0; l && i < l->n; i++) {
				struct newmod *c = &m[l->v[i]];

				if (c->group || c->stamp == round)
					continue;
				c->stamp = round;
				growarray(&next, &ncap, nnext + 1, sizeof(*next));
				next[nnext++] = l->v[i];
			}
		}
		{
			size_t *t = cand, tc = ccap;

			cand = next;
			ccap = ncap;
			next = t;
			ncap = tc;
			ncand = nnext;
		}
	}
	free(pending);
	free(cand);
	free(next);
	strmap_free(&rev, idxlist_free);
}

static cJSON *build_map(struct strmap *map, cJSON **groups_out)
{
	cJSON *mods = cJSON_CreateObject(), *groups = cJSON_CreateObject();
	struct strmap g;
	size_t i;

	strmap_init(&g);
	strmap_sort(map);
	for (i = 0; i < map->n; i++) {
		const char *group = strmap_get(map, map->keys[i]);
		void **slot = strmap_slot(&g, group);

		if (!*slot)
			*slot = cJSON_CreateArray();
		/* keys are sorted, so each list is too */
		cJSON_AddItemToArray(*slot, cJSON_CreateString(map->keys[i]));
		cJSON_AddItemToObject(mods, map->keys[i], group_value(group));
	}
	strmap_sort(&g);
	for (i = 0; i < g.n; i++)
		cJSON_AddItemToObject(groups, g.keys[i], strmap_get(&g, g.keys[i]));
	strmap_free(&g, NULL);
	*groups_out = groups;
	return mods;
}

static const char *decide(const struct integrate_opts *o, cJSON *info, cJSON *score,
                          int *tested, int *failed)
{
	const char *cls = jsondoc_str(cJSON_GetObjectItemCaseSensitive(info, "classification"));
	int redundant = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info, "redundant"));
	int excluded;
	double pass_rate, raroi;

	if (!cls)
		cls = "candidate";
	excluded = redundant || strcmp(cls, "legacy") == 0 || strcmp(cls, "redundant") == 0;
	/* with SANDBOX_TEST_REDUNDANT=0 redundant and legacy modules are not
	 * tested, so a stale score of theirs is not read either */
	*tested = score && !(excluded && !o->test_redundant);
	pass_rate = num_field(score, "pass_rate", 0);
	raroi = num_field(score, "raroi", num_field(score, "roi", 0));
	*failed = *tested && !(pass_rate >= 1.0 - 1e-9);
	if (strcmp(cls, "legacy") == 0)
		return "legacy";
	if (excluded)
		return "redundant";
	if (!*tested)
		return "not_tested";
	if (*failed)
		return "failed_tests";
	if (raroi < o->min_roi)
		return "low_roi";
	return NULL;
}

static void delete_json(void *p)
{
	cJSON_Delete(p);
}

int integrate_run(const struct integrate_opts *o, cJSON *discovered, cJSON *scores,
                  cJSON *old_map, cJSON *old_orphans, cJSON *old_workflows,
                  struct integrate_result *r)
{
	struct newmod *m = NULL;
	size_t nm = 0, cap = 0, i;
	struct strmap map, orphans, score_by_path, flows;
	struct htab *modules;
	cJSON *wf = NULL, *outcomes = NULL, *orph = NULL, *groups, *e;
	long wid = 0;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(discovered))
		return error("discovered.json: expected an object of modules");
	if (!cJSON_IsObject(scores))
		return error("scores.json: expected an object of modules");
	if (old_workflows && !cJSON_IsArray(old_workflows))
		return error("workflows.json: expected a list");
	cJSON_ArrayForEach(e, discovered)
		if (!cJSON_IsObject(e))
			return error("discovered.json: the entry of '%s' is not an object", e->string);
	jsondoc_sort(discovered);
	modules = module_index(discovered);
	strmap_init(&map);
	strmap_init(&orphans);
	strmap_init(&score_by_path);
	strmap_init(&flows);
	if (read_old_map(old_map, modules, &map) < 0 || read_old_orphans(old_orphans, modules, &orphans) < 0)
		goto out;
	cJSON_ArrayForEach(e, scores) {
		char *p = norm_path(e->string, modules);
		void **slot = strmap_slot(&score_by_path, p);

		/* an exact key beats one that only normalises to the path */
		if (!*slot || strcmp(e->string, p) == 0)
			*slot = e;
		free(p);
	}
	wf = old_workflows ? cJSON_Duplicate(old_workflows, 1) : cJSON_CreateArray();
	cJSON_ArrayForEach(e, wf) {
		const cJSON *steps = cJSON_GetObjectItemCaseSensitive(e, "workflow");
		const char *only = cJSON_GetArraySize(steps) == 1 ? jsondoc_str(cJSON_GetArrayItem(steps, 0)) : NULL;
		double id = num_field(e, "id", 0);

		if (id > wid)
			wid = (long)id;
		if (only)
			*strmap_slot(&flows, only) = (void *)1;
	}
	outcomes = cJSON_CreateObject();

	cJSON_ArrayForEach(e, discovered) {
		cJSON *score = strmap_get(&score_by_path, e->string);
		cJSON *entry = cJSON_CreateObject(), *out = cJSON_CreateObject();
		const cJSON *cls = cJSON_GetObjectItemCaseSensitive(e, "classification");
		int tested, failed, known = strmap_get(&map, e->string) != NULL;
		const char *reason = decide(o, e, score, &tested, &failed);
		size_t np;
		char **pl = path_list(cJSON_GetObjectItemCaseSensitive(e, "parents"), modules, &np);
		void **slot;

		cJSON_AddItemToObject(entry, "parents", string_array(pl, np));
		cJSON_AddStringToObject(entry, "classification", jsondoc_str(cls) ? cls->valuestring : "candidate");
		cJSON_AddBoolToObject(entry, "redundant",
		                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "redundant")));
		if (tested)
			cJSON_AddBoolToObject(entry, "failed", failed);
		if (reason)
			cJSON_AddStringToObject(entry, "reason", reason);
		slot = strmap_slot(&orphans, e->string);
		cJSON_Delete(*slot);
		*slot = entry;

		cJSON_AddStringToObject(out, "outcome", !reason ? (known ? "kept" : "integrated") :
		                        tested ? "rejected" : "untested");
		cJSON_AddStringToObject(out, "reason", reason ? reason : "");
		cJSON_AddItemToObject(outcomes, e->string, out);
		if (!reason && !known) {
			growarray(&m, &cap, nm + 1, sizeof(*m));
			memset(&m[nm], 0, sizeof(*m));
			m[nm].path = e->string;
			m[nm].deps = path_list(cJSON_GetObjectItemCaseSensitive(e, "deps"), modules, &m[nm].ndeps);
			m[nm].parents = pl;
			m[nm].nparents = np;
			nm++;
		} else {
			free_list(pl, np);
		}
	}

	place_groups(&map, m, nm);
	for (i = 0; i < nm; i++) {
		cJSON *out = cJSON_GetObjectItemCaseSensitive(outcomes, m[i].path);
		const char *dm = jsondoc_str(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(discovered, m[i].path), "module"));
		char *name = dm ? xstrdup(dm) : module_name(m[i].path);

		cJSON_AddItemToObject(out, "group", group_value(m[i].group));
		if (!strmap_get(&flows, name)) {
			cJSON *w = cJSON_CreateObject(), *steps = cJSON_CreateArray();
			char *title = xasprintf("integrate %s", name);

			cJSON_AddNumberToObject(w, "id", (double)++wid);
			cJSON_AddItemToArray(steps, cJSON_CreateString(name));
			cJSON_AddItemToObject(w, "workflow", steps);
			cJSON_AddStringToObject(w, "title", title);
			cJSON_AddStringToObject(w, "status", "pending");
			cJSON_AddItemToArray(wf, w);
			*strmap_slot(&flows, name) = (void *)1;
			free(title);
		}
		free(name);
	}

	orph = cJSON_CreateObject();
	strmap_sort(&orphans);
	for (i = 0; i < orphans.n; i++) {
		void **slot = strmap_slot(&orphans, orphans.keys[i]);

		if (!(o->clean_orphans && strmap_get(&map, orphans.keys[i])))
			cJSON_AddItemToObject(orph, orphans.keys[i], *slot);
		else
			cJSON_Delete(*slot);
		*slot = NULL;
	}
	r->module_map = cJSON_CreateObject();
	cJSON_AddItemToObject(r->module_map, "modules", build_map(&map, &groups));
	cJSON_AddItemToObject(r->module_map, "groups", groups);
	jsondoc_sort(r->module_map);
	jsondoc_sort(outcomes);
	r->orphans = orph;
	r->workflows = wf;
	r->outcomes = outcomes;
	wf = outcomes = NULL;
	rc = 0;
out:
	for (i = 0; i < nm; i++) {
		free_list(m[i].deps, m[i].ndeps);
		free_list(m[i].parents, m[i].nparents);
	}
	free(m);
	cJSON_Delete(wf);
	cJSON_Delete(outcomes);
	strmap_free(&map, free);
	strmap_free(&orphans, delete_json);
	strmap_free(&score_by_path, NULL);
	strmap_free(&flows, NULL);
	htab_free(modules);
	return rc;
}

void integrate_result_free(struct integrate_result *r)
{
	cJSON_Delete(r->module_map);
	cJSON_Delete(r->orphans);
	cJSON_Delete(r->workflows);
	cJSON_Delete(r->outcomes);
	memset(r, 0, sizeof(*r));
}

int integrate_record(const char *data_dir, const cJSON *outcomes)
{
	char *path = path_join(data_dir, "metrics.db"), *run_id = metricsdb_run_id();
	struct metricsdb *db = metricsdb_open(path);
	const cJSON *e;
	int rc = -1;

	if (!db)
		goto out;
	if (metricsdb_begin(db) < 0)
		goto out;
	cJSON_ArrayForEach(e, outcomes) {
		struct metrics_integration row = {run_id, e->string,
			jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "outcome")),
			jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "reason"))};

		if (metricsdb_add_integration(db, &row) < 0) {
			metricsdb_rollback(db);
			goto out;
		}
	}
	rc = metricsdb_commit(db);
out:
	metricsdb_close(db);
	free(run_id);
	free(path);
	return rc;
}

static const char integrate_usage[] =
	"usage: menace integrate [--data DIR] [--discovered FILE] [--scores FILE]\n"
	"                        [--min-roi X] [--[no-]clean-orphans] [--[no-]test-redundant]\n"
	"\n"
	"Reads DIR/discovered.json and DIR/scores.json and writes DIR/module_map.json,\n"
	"DIR/orphan_modules.json and DIR/workflows.json (see docs/sandbox.md).\n"
	"A module is integrated when every scenario passed (pass_rate 1), its raroi\n"
	"is at least the minimum, and it is neither redundant nor legacy.\n"
	"\n"
	"  --data DIR             SANDBOX_DATA_DIR (default sandbox_data)\n"
	"  --discovered FILE      default DIR/discovered.json\n"
	"  --scores FILE          default DIR/scores.json\n"
	"  --min-roi X            MIN_INTEGRATION_ROI (default 0.0)\n"
	"  --clean-orphans        SANDBOX_CLEAN_ORPHANS (default 1): drop integrated\n"
	"                         modules from orphan_modules.json\n"
	"  --test-redundant       SANDBOX_TEST_REDUNDANT (default 1; alias\n"
	"                         --include-redundant): 0 ignores scores of redundant\n"
	"                         and legacy modules, which were not tested\n"
	"Every flag also takes the form --KEY=VALUE; --data-dir is --data. Each run\n"
	"adds its outcomes to DIR/metrics.db (table integrations).\n"
	"Exit 0, 1 when an input is missing or malformed, 2 on bad usage, 3 when\n"
	"metrics.db cannot be used.\n";

/* load a required input: 0, or -1 after a warning */
static int load_required(const char *path, cJSON **out)
{
	int rc = jsondoc_load(path, out);

	if (rc == 1)
		return error("cannot read '%s': no such file", path);
	return rc;
}

int cmd_integrate(int argc, char **argv)
{
	struct integrate_opts o = {0.0, 1, 1};
	struct integrate_result r = {0};
	const char *data = argopt_data_dir(), *dpath = NULL, *spath = NULL, *v;
	char *disc_file = NULL, *score_file = NULL, *map_file = NULL, *orph_file = NULL, *wf_file = NULL;
	cJSON *disc = NULL, *scores = NULL, *old_map = NULL, *old_orph = NULL, *old_wf = NULL, *e;
	int rc = EXIT_FAILED, i, k;

	if (want_help(argc, argv, integrate_usage))
		return EXIT_OK;
	if (ruleopt_env_double("MIN_INTEGRATION_ROI", &o.min_roi) < 0 ||
	    (o.test_redundant = ruleopt_env_bool("SANDBOX_TEST_REDUNDANT", 1)) < 0 ||
	    (o.clean_orphans = ruleopt_env_bool("SANDBOX_CLEAN_ORPHANS", 1)) < 0)
		return EXIT_USAGE;
	for (i = 1; i < argc; i++) {
		if ((k = argopt_value(argc, argv, &i, "--data", &v)) != 0 ||
		    (k = argopt_value(argc, argv, &i, "--data-dir", &v)) != 0) {
			if (k < 0)
				return usage_error(integrate_usage);
			data = v;
		} else if ((k = argopt_value(argc, argv, &i, "--discovered", &v)) != 0) {
			if (k < 0)
				return usage_error(integrate_usage);
			dpath = v;
		} else if ((k = argopt_value(argc, argv, &i, "--scores", &v)) != 0) {
			if (k < 0)
				return usage_error(integrate_usage);
			spath = v;
		} else if ((k = argopt_value(argc, argv, &i, "--min-roi", &v)) != 0) {
			if (k < 0 || argopt_double("--min-roi", v, &o.min_roi) < 0)
				return usage_error(integrate_usage);
		} else if ((k = ruleopt_bool(argv, i, "clean-orphans", &o.clean_orphans)) != 0) {
			if (k < 0)
				return usage_error(integrate_usage);
		} else if ((k = ruleopt_bool(argv, i, "test-redundant", &o.test_redundant)) != 0 ||
		           (k = ruleopt_bool(argv, i, "include-redundant", &o.test_redundant)) != 0) {
			if (k < 0)
				return usage_error(integrate_usage);
		} else {
			warn("unknown argument '%s'", argv[i]);
			return usage_error(integrate_usage);
		}
	}
	disc_file = dpath ? xstrdup(dpath) : path_join(data, "discovered.json");
	score_file = spath ? xstrdup(spath) : path_join(data, "scores.json");
	map_file = path_join(data, "module_map.json");
	orph_file = path_join(data, "orphan_modules.json");
	wf_file = path_join(data, "workflows.json");
	if (load_required(disc_file, &disc) < 0 || load_required(score_file, &scores) < 0 ||
	    jsondoc_load(map_file, &old_map) < 0 || jsondoc_load(orph_file, &old_orph) < 0 ||
	    jsondoc_load(wf_file, &old_wf) < 0)
		goto out;
	if (integrate_run(&o, disc, scores, old_map, old_orph, old_wf, &r) < 0)
		goto out;
	if (jsondoc_save(map_file, r.module_map) < 0 || jsondoc_save(orph_file, r.orphans) < 0 ||
	    jsondoc_save(wf_file, r.workflows) < 0)
		goto out;
	if (integrate_record(data, r.outcomes) < 0) {
		rc = EXIT_STATE;
		goto out;
	}
	cJSON_ArrayForEach(e, r.outcomes) {
		const char *outcome = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "outcome"));
		const char *reason = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "reason"));
		char *g = group_text(cJSON_GetObjectItemCaseSensitive(e, "group"));

		if (g)
			printf("%s: %s (group %s)\n", e->string, outcome, g);
		else if (reason && *reason)
			printf("%s: %s (%s)\n", e->string, outcome, reason);
		else
			printf("%s: %s\n", e->string, outcome);
		free(g);
	}
	rc = EXIT_OK;
out:
	integrate_result_free(&r);
	cJSON_Delete(disc);
	cJSON_Delete(scores);
	cJSON_Delete(old_map);
	cJSON_Delete(old_orph);
	cJSON_Delete(old_wf);
	free(disc_file);
	free(score_file);
	free(map_file);
	free(orph_file);
	free(wf_file);
	return rc;
}
