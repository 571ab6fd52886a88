/* integrate.c: which discovered modules join the module map (the group
 * rule that places them: modmap.h); the integrate stage over the files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/htab.h"
#include "rules/integrate.h"
#include "rules/jsondoc.h"
#include "rules/metricsdb.h"
#include "rules/modhash.h"
#include "rules/modmap.h"
#include "base/path.h"
#include "base/strmap.h"
#include "base/util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
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

/* the old module map, either shape, into map (path -> group text) */
/* old's object key of path -> content hash, into m (malloc'd values) */
static void read_hashes(const cJSON *old, const char *key, struct htab *modules, struct strmap *m)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(old, key)) {
		char *p;
		void **slot;

		if (!jsondoc_str(e))
			continue;
		p = norm_path(e->string, modules);
		slot = strmap_slot(m, p);
		free(*slot);
		*slot = xstrdup(e->valuestring);
		free(p);
	}
}

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
		char *g = modmap_group_text(e), *p;
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

static const char *decide(const struct integrate_opts *o, cJSON *info, cJSON *score,
                          int *tested, int *failed)
{
	const char *cls = jsondoc_str(cJSON_GetObjectItemCaseSensitive(info, "classification"));
	int redundant = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info, "redundant"));
	int excluded;
	double pass_rate, raroi;
	const char *mp;

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
	/* a borderline module's micro-pilot (rules/micropilot.h): rejected, or
	 * promoted over a low roi */
	mp = jsondoc_str(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(score, "micropilot"),
	                                                  "verdict"));
	if (mp && strcmp(mp, "rejected") == 0)
		return "micropilot";
	if (raroi < o->min_roi && !(mp && strcmp(mp, "promoted") == 0))
		return "low_roi";
	return NULL;
}

static void delete_json(void *p)
{
	cJSON_Delete(p);
}

/* the state of one integrate_run */
struct run {
	const struct integrate_opts *o;
	struct htab *modules;          /* discovered module name -> path */
	struct strmap map;             /* path -> group text */
	struct strmap hashes, adopted; /* path -> content hash: tested into the map,
	                                * found there (modmap.h) */
	struct strmap orphans;         /* path -> its orphan_modules.json entry */
	struct strmap score_by_path;   /* path -> its scores.json entry */
	struct strmap flows;           /* the module names with a one-step workflow */
	struct newmod *m;              /* the modules joining the map */
	size_t nm, cap;
	cJSON *wf, *outcomes;
	long wid;                      /* the highest workflow id */
};

/* 0 when the inputs have their shapes; -1 after a warning */
static int check_inputs(const cJSON *discovered, const cJSON *scores, const cJSON *old_workflows)
{
	const cJSON *e;

	if (!cJSON_IsObject(discovered))
		return error("discovered.json: expected an object of modules");
	if (!cJSON_IsObject(scores))
		return error("scores.json: expected an object of modules");
	if (old_workflows && !cJSON_IsArray(old_workflows))
		return error("workflows.json: expected a list");
	cJSON_ArrayForEach(e, discovered)
		if (!cJSON_IsObject(e))
			return error("discovered.json: the entry of '%s' is not an object", e->string);
	return 0;
}

/* the scores by path, and the workflows so far */
static void index_inputs(struct run *r, cJSON *scores, const cJSON *old_workflows)
{
	cJSON *e;

	cJSON_ArrayForEach(e, scores) {
		char *p = norm_path(e->string, r->modules);
		void **slot = strmap_slot(&r->score_by_path, p);

		/* an exact key beats one that only normalises to the path */
		if (!*slot || strcmp(e->string, p) == 0)
			*slot = e;
		free(p);
	}
	r->wf = old_workflows ? cJSON_Duplicate(old_workflows, 1) : cJSON_CreateArray();
	cJSON_ArrayForEach(e, r->wf) {
		const cJSON *steps = cJSON_GetObjectItemCaseSensitive(e, "workflow");
		const char *only = cJSON_GetArraySize(steps) == 1 ? jsondoc_str(cJSON_GetArrayItem(steps, 0)) : NULL;
		double id = num_field(e, "id", 0);

		if (id > r->wid)
			r->wid = (long)id;
		if (only)
			*strmap_slot(&r->flows, only) = (void *)1;
	}
}

/* the content hash of discovered module e (modhash.h), malloc'd */
static char *content_hash(const struct run *r, const cJSON *e)
{
	size_t n, i;
	char **v = path_list(cJSON_GetObjectItemCaseSensitive(e, "deps"), r->modules, &n);
	char hex[HASH_HEX];

	v = xreallocarray(v, n + 1, sizeof(*v));
	v[n++] = xstrdup(e->string);
	qsort(v, n, sizeof(*v), cmp_strp);
	modhash_files(r->o->repo, (const char *const *)v, n, hex);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return xstrdup(hex);
}

/* what the map records of e: its content hash when it joins the map
 * (new), or when it is found there untested and unrecorded (adopted) */
static void record_hash(struct run *r, const cJSON *e, int known, int untested, int joins)
{
	const char *path = e->string;
	void **slot;

	if (!r->o->repo)
		return;
	if (known && untested && !strmap_get(&r->hashes, path) && !strmap_get(&r->adopted, path))
		slot = strmap_slot(&r->adopted, path);
	else if (!known && joins)
		slot = strmap_slot(&r->hashes, path);
	else
		return;
	free(*slot);
	*slot = content_hash(r, e);
}

/* one discovered module: its orphan entry and outcome; a new module to
 * integrate joins r->m */
static void judge(struct run *r, cJSON *e)
{
	cJSON *score = strmap_get(&r->score_by_path, e->string);
	cJSON *entry = cJSON_CreateObject(), *out = cJSON_CreateObject();
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(e, "classification");
	int tested, failed, known = strmap_get(&r->map, e->string) != NULL;
	const char *reason = decide(r->o, e, score, &tested, &failed);
	size_t np;
	char **pl;
	void **slot;

	/* a module of the map that discover did not queue stays there */
	if (known && !tested && strcmp(reason, "not_tested") == 0)
		reason = NULL;
	record_hash(r, e, known, !tested, reason == NULL);
	pl = path_list(cJSON_GetObjectItemCaseSensitive(e, "parents"), r->modules, &np);

	cJSON_AddItemToObject(entry, "parents", string_array(pl, np));
	cJSON_AddStringToObject(entry, "classification", jsondoc_str(cls) ? cls->valuestring : "candidate");
	cJSON_AddBoolToObject(entry, "redundant", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "redundant")));
	if (tested)
		cJSON_AddBoolToObject(entry, "failed", failed);
	if (reason)
		cJSON_AddStringToObject(entry, "reason", reason);
	slot = strmap_slot(&r->orphans, e->string);
	cJSON_Delete(*slot);
	*slot = entry;

	cJSON_AddStringToObject(out, "outcome", !reason ? (known ? "kept" : "integrated") :
	                        tested ? "rejected" : "untested");
	cJSON_AddStringToObject(out, "reason", reason ? reason : "");
	cJSON_AddItemToObject(r->outcomes, e->string, out);
	if (reason || known) {
		free_list(pl, np);
		return;
	}
	growarray(&r->m, &r->cap, r->nm + 1, sizeof(*r->m));
	memset(&r->m[r->nm], 0, sizeof(*r->m));
	r->m[r->nm].path = e->string;
	r->m[r->nm].deps = path_list(cJSON_GetObjectItemCaseSensitive(e, "deps"), r->modules, &r->m[r->nm].ndeps);
	r->m[r->nm].parents = pl;
	r->m[r->nm].nparents = np;
	r->nm++;
}

/* each placed module's group in its outcome, and a workflow for it unless
 * a one-step workflow of its name exists */
static void add_workflows(struct run *r, const cJSON *discovered)
{
	size_t i;

	for (i = 0; i < r->nm; i++) {
		cJSON *out = cJSON_GetObjectItemCaseSensitive(r->outcomes, r->m[i].path);
		const char *dm = jsondoc_str(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(discovered, r->m[i].path), "module"));
		char *name = dm ? xstrdup(dm) : module_name(r->m[i].path);

		cJSON_AddItemToObject(out, "group", modmap_group_value(r->m[i].group));
		if (!strmap_get(&r->flows, name)) {
			cJSON *w = cJSON_CreateObject(), *steps = cJSON_CreateArray();
			char *title = xasprintf("integrate %s", name);

			cJSON_AddNumberToObject(w, "id", (double)++r->wid);
			cJSON_AddItemToArray(steps, cJSON_CreateString(name));
			cJSON_AddItemToObject(w, "workflow", steps);
			cJSON_AddStringToObject(w, "title", title);
			cJSON_AddStringToObject(w, "status", "pending");
			cJSON_AddItemToArray(r->wf, w);
			*strmap_slot(&r->flows, name) = (void *)1;
			free(title);
		}
		free(name);
	}
}

/* the orphan entries in path order; integrated ones dropped when cleaning */
static cJSON *orphans_json(struct run *r)
{
	cJSON *orph = cJSON_CreateObject();
	size_t i;

	strmap_sort(&r->orphans);
	for (i = 0; i < r->orphans.n; i++) {
		void **slot = strmap_slot(&r->orphans, r->orphans.keys[i]);

		if (!(r->o->clean_orphans && strmap_get(&r->map, r->orphans.keys[i])))
			cJSON_AddItemToObject(orph, r->orphans.keys[i], *slot);
		else
			cJSON_Delete(*slot);
		*slot = NULL;
	}
	return orph;
}

static void run_release(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nm; i++) {
		free_list(r->m[i].deps, r->m[i].ndeps);
		free_list(r->m[i].parents, r->m[i].nparents);
	}
	free(r->m);
	cJSON_Delete(r->wf);
	cJSON_Delete(r->outcomes);
	strmap_free(&r->map, free);
	strmap_free(&r->hashes, free);
	strmap_free(&r->adopted, free);
	strmap_free(&r->orphans, delete_json);
	strmap_free(&r->score_by_path, NULL);
	strmap_free(&r->flows, NULL);
	htab_free(r->modules);
}

int integrate_run(const struct integrate_opts *o, cJSON *discovered, cJSON *scores,
                  cJSON *old_map, cJSON *old_orphans, cJSON *old_workflows,
                  struct integrate_result *res)
{
	struct run r;
	cJSON *e;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	if (check_inputs(discovered, scores, old_workflows) < 0)
		return -1;
	jsondoc_sort(discovered);
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.modules = module_index(discovered);
	strmap_init(&r.map);
	strmap_init(&r.hashes);
	strmap_init(&r.adopted);
	strmap_init(&r.orphans);
	strmap_init(&r.score_by_path);
	strmap_init(&r.flows);
	read_hashes(old_map, "hashes", r.modules, &r.hashes);
	read_hashes(old_map, "adopted", r.modules, &r.adopted);
	if (read_old_map(old_map, r.modules, &r.map) < 0 ||
	    read_old_orphans(old_orphans, r.modules, &r.orphans) < 0)
		goto out;
	index_inputs(&r, scores, old_workflows);
	r.outcomes = cJSON_CreateObject();
	cJSON_ArrayForEach(e, discovered)
		judge(&r, e);
	modmap_place(&r.map, r.m, r.nm);
	add_workflows(&r, discovered);
	res->orphans = orphans_json(&r);
	res->module_map = modmap_json(&r.map, &r.hashes, &r.adopted);
	jsondoc_sort(r.outcomes);
	res->workflows = r.wf;
	res->outcomes = r.outcomes;
	r.wf = r.outcomes = NULL;
	rc = 0;
out:
	run_release(&r);
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

/* load a required input: 0, or -1 after a warning */
static int load_required(const char *path, cJSON **out)
{
	int rc = jsondoc_load(path, out);

	if (rc == 1)
		return error("cannot read '%s': no such file", path);
	return rc;
}

/* "path: outcome (group G)", "(reason)" or nothing more, per module */
static void print_outcomes(const cJSON *outcomes)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, outcomes) {
		const char *outcome = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "outcome"));
		const char *reason = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "reason"));
		char *g = modmap_group_text(cJSON_GetObjectItemCaseSensitive(e, "group"));

		if (g)
			printf("%s: %s (group %s)\n", e->string, outcome, g);
		else if (reason && *reason)
			printf("%s: %s (%s)\n", e->string, outcome, reason);
		else
			printf("%s: %s\n", e->string, outcome);
		free(g);
	}
}

int integrate_stage(const struct integrate_opts *o)
{
	struct integrate_result r = {0};
	char *disc_file = o->discovered ? xstrdup(o->discovered) : path_join(o->data, "discovered.json");
	char *score_file = o->scores ? xstrdup(o->scores) : path_join(o->data, "scores.json");
	char *map_file = path_join(o->data, "module_map.json");
	char *orph_file = path_join(o->data, "orphan_modules.json");
	char *wf_file = path_join(o->data, "workflows.json");
	cJSON *disc = NULL, *scores = NULL, *old_map = NULL, *old_orph = NULL, *old_wf = NULL;
	int rc = EXIT_FAILED;

	if (load_required(disc_file, &disc) < 0 || load_required(score_file, &scores) < 0 ||
	    jsondoc_load(map_file, &old_map) < 0 || jsondoc_load(orph_file, &old_orph) < 0 ||
	    jsondoc_load(wf_file, &old_wf) < 0)
		goto out;
	if (integrate_run(o, disc, scores, old_map, old_orph, old_wf, &r) < 0)
		goto out;
	if (jsondoc_save(map_file, r.module_map) < 0 || jsondoc_save(orph_file, r.orphans) < 0 ||
	    jsondoc_save(wf_file, r.workflows) < 0)
		goto out;
	if (integrate_record(o->data, r.outcomes) < 0) {
		rc = EXIT_STATE;
		goto out;
	}
	print_outcomes(r.outcomes);
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
