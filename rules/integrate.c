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

#include "buf.h"
#include "cli.h"
#include "integrate.h"
#include "jsondoc.h"
#include "metricsdb.h"
#include "path.h"
#include "argopt.h"
#include "ruleopt.h"
#include "util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *integrate_norm_path(const char *name, const cJSON *discovered)
{
	char *dotted, *p, *q;
	const cJSON *e;

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
	cJSON_ArrayForEach(e, discovered) {
		const char *m = jsondoc_str(cJSON_GetObjectItemCaseSensitive(e, "module"));

		if (m && strcmp(m, dotted) == 0) {
			free(dotted);
			return xstrdup(e->string);
		}
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

static cJSON *string_array(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
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
		return xasprintf("%.0f", v->valuedouble);
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	return NULL;
}

/* the integer of a group text, or -1 when it is not a non-negative integer */
static long group_number(const char *s)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return -1;
	v = strtol(s, &end, 10);
	return v;
}

static cJSON *group_value(const char *text)
{
	long n = group_number(text);

	return n >= 0 ? cJSON_CreateNumber((double)n) : cJSON_CreateString(text);
}

/* the old module map, either shape, as a flat {path: group} with normalised paths */
static cJSON *read_old_map(cJSON *old, const cJSON *discovered)
{
	cJSON *flat = cJSON_CreateObject(), *mods = old, *e;

	if (!old)
		return flat;
	if (!cJSON_IsObject(old)) {
		error("module_map.json: expected an object");
		goto fail;
	}
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(old, "modules")))
		mods = cJSON_GetObjectItemCaseSensitive(old, "modules");
	cJSON_ArrayForEach(e, mods) {
		char *g = group_text(e), *p;

		if (!g) {
			error("module_map.json: the group of '%s' is not a number or string", e->string);
			goto fail;
		}
		p = integrate_norm_path(e->string, discovered);
		cJSON_DeleteItemFromObjectCaseSensitive(flat, p);
		cJSON_AddItemToObject(flat, p, group_value(g));
		free(p);
		free(g);
	}
	return flat;
fail:
	cJSON_Delete(flat);
	return NULL;
}

/* the old orphan list, either shape, as an object with normalised paths */
static cJSON *read_old_orphans(cJSON *old, const cJSON *discovered)
{
	cJSON *out = cJSON_CreateObject(), *e;

	if (!old)
		return out;
	if (!cJSON_IsObject(old) && !cJSON_IsArray(old)) {
		error("orphan_modules.json: expected an object or a list of paths");
		cJSON_Delete(out);
		return NULL;
	}
	cJSON_ArrayForEach(e, old) {
		const char *name = cJSON_IsArray(old) ? jsondoc_str(e) : e->string;
		cJSON *v;
		char *p;

		if (!name) {
			error("orphan_modules.json: expected a list of path strings");
			cJSON_Delete(out);
			return NULL;
		}
		p = integrate_norm_path(name, discovered);
		if (cJSON_IsObject(e)) {
			v = cJSON_Duplicate(e, 1);
		} else {
			/* a bare path from the older list shape: nothing known about it */
			v = cJSON_CreateObject();
			cJSON_AddItemToObject(v, "parents", cJSON_CreateArray());
			cJSON_AddStringToObject(v, "classification", "candidate");
			cJSON_AddBoolToObject(v, "redundant", 0);
		}
		cJSON_DeleteItemFromObjectCaseSensitive(out, p);
		cJSON_AddItemToObject(out, p, v);
		free(p);
	}
	return out;
}

/* normalised copies of a string array (paths or module names) */
static char **path_list(const cJSON *arr, const cJSON *discovered, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const cJSON *e;

	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		if (!jsondoc_str(e))
			continue;
		growarray(&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = integrate_norm_path(e->valuestring, discovered);
	}
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* the score entry of path in scores (keys normalised the same way) */
static cJSON *find_score(cJSON *scores, const char *path, const cJSON *discovered)
{
	cJSON *e = cJSON_GetObjectItemCaseSensitive(scores, path);

	if (e)
		return e;
	cJSON_ArrayForEach(e, scores) {
		char *p = integrate_norm_path(e->string, discovered);
		int same = strcmp(p, path) == 0;

		free(p);
		if (same)
			return e;
	}
	return NULL;
}

static double num_field(const cJSON *o, const char *key, double def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

struct newmod {
	const char *path;
	char **deps, **parents;
	size_t ndeps, nparents;
	char *group;           /* assigned group text */
};

/* the group of path in the map as it stood before this round, or NULL */
static char *group_of(cJSON *map, const char *path)
{
	return group_text(cJSON_GetObjectItemCaseSensitive(map, path));
}

static void place_groups(cJSON *map, struct newmod *m, size_t n)
{
	size_t placed = 0, i, k;
	long max = -1;
	cJSON *e;

	cJSON_ArrayForEach(e, map) {
		char *g = group_text(e);
		long v = g ? group_number(g) : -1;

		if (v > max)
			max = v;
		free(g);
	}
	while (placed < n) {
		size_t now = 0;

		for (i = 0; i < n; i++) {
			if (m[i].group)
				continue;
			for (k = 0; k < m[i].ndeps && !m[i].group; k++)
				m[i].group = group_of(map, m[i].deps[k]);
			for (k = 0; k < m[i].nparents && !m[i].group; k++)
				m[i].group = group_of(map, m[i].parents[k]);
			if (m[i].group)
				now++;
		}
		/* publish this round's groups only now, so path order does not matter */
		for (i = 0; i < n; i++)
			if (m[i].group && !cJSON_GetObjectItemCaseSensitive(map, m[i].path))
				cJSON_AddItemToObject(map, m[i].path, group_value(m[i].group));
		placed += now;
		if (now == 0) {
			for (i = 0; i < n && m[i].group; i++)
				;
			m[i].group = xasprintf("%ld", ++max);
			cJSON_AddItemToObject(map, m[i].path, group_value(m[i].group));
			placed++;
		}
	}
}

static cJSON *build_groups(cJSON *map)
{
	cJSON *groups = cJSON_CreateObject(), *e;

	cJSON_ArrayForEach(e, map) {
		char *g = group_text(e);
		cJSON *list = cJSON_GetObjectItemCaseSensitive(groups, g);

		if (!list) {
			list = cJSON_CreateArray();
			cJSON_AddItemToObject(groups, g, list);
		}
		/* the map's keys are sorted, so each list is too */
		cJSON_AddItemToArray(list, cJSON_CreateString(e->string));
		free(g);
	}
	return groups;
}

static long max_workflow_id(const cJSON *wf)
{
	const cJSON *e;
	long max = 0;

	cJSON_ArrayForEach(e, wf) {
		double id = num_field(e, "id", 0);

		if (id > max)
			max = (long)id;
	}
	return max;
}

/* 1 when a workflow of exactly [module] exists */
static int has_workflow(const cJSON *wf, const char *module)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, wf) {
		const cJSON *steps = cJSON_GetObjectItemCaseSensitive(e, "workflow");

		if (cJSON_GetArraySize(steps) == 1 &&
		    jsondoc_str(cJSON_GetArrayItem(steps, 0)) &&
		    strcmp(cJSON_GetArrayItem(steps, 0)->valuestring, module) == 0)
			return 1;
	}
	return 0;
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

int integrate_run(const struct integrate_opts *o, cJSON *discovered, cJSON *scores,
                  cJSON *old_map, cJSON *old_orphans, cJSON *old_workflows,
                  struct integrate_result *r)
{
	struct newmod *m = NULL;
	size_t nm = 0, cap = 0, i;
	cJSON *map = NULL, *orphans = NULL, *wf = NULL, *outcomes = NULL, *e;
	long wid;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(discovered))
		return error("discovered.json: expected an object of modules");
	if (!cJSON_IsObject(scores))
		return error("scores.json: expected an object of modules");
	if (old_workflows && !cJSON_IsArray(old_workflows))
		return error("workflows.json: expected a list");
	jsondoc_sort(discovered);
	cJSON_ArrayForEach(e, discovered)
		if (!cJSON_IsObject(e))
			return error("discovered.json: the entry of '%s' is not an object", e->string);
	if (!(map = read_old_map(old_map, discovered)))
		goto fail;
	if (!(orphans = read_old_orphans(old_orphans, discovered)))
		goto fail;
	wf = old_workflows ? cJSON_Duplicate(old_workflows, 1) : cJSON_CreateArray();
	outcomes = cJSON_CreateObject();
	jsondoc_sort(map);

	cJSON_ArrayForEach(e, discovered) {
		cJSON *score = find_score(scores, e->string, discovered);
		cJSON *entry = cJSON_CreateObject(), *out = cJSON_CreateObject();
		const cJSON *cls = cJSON_GetObjectItemCaseSensitive(e, "classification");
		const cJSON *parents = cJSON_GetObjectItemCaseSensitive(e, "parents");
		int tested, failed, known = cJSON_GetObjectItemCaseSensitive(map, e->string) != NULL;
		const char *reason = decide(o, e, score, &tested, &failed);
		size_t np;
		char **pl = path_list(parents, discovered, &np);

		if (np)
			qsort(pl, np, sizeof(*pl), cmp_str);
		cJSON_AddItemToObject(entry, "parents", string_array(pl, np));
		cJSON_AddStringToObject(entry, "classification", jsondoc_str(cls) ? cls->valuestring : "candidate");
		cJSON_AddBoolToObject(entry, "redundant",
		                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "redundant")));
		if (tested)
			cJSON_AddBoolToObject(entry, "failed", failed);
		if (reason)
			cJSON_AddStringToObject(entry, "reason", reason);
		cJSON_DeleteItemFromObjectCaseSensitive(orphans, e->string);
		cJSON_AddItemToObject(orphans, e->string, entry);

		cJSON_AddStringToObject(out, "outcome", !reason ? (known ? "kept" : "integrated") :
		                        tested ? "rejected" : "untested");
		cJSON_AddStringToObject(out, "reason", reason ? reason : "");
		cJSON_AddItemToObject(outcomes, e->string, out);
		if (!reason && !known) {
			growarray(&m, &cap, nm + 1, sizeof(*m));
			memset(&m[nm], 0, sizeof(*m));
			m[nm].path = e->string;
			m[nm].deps = path_list(cJSON_GetObjectItemCaseSensitive(e, "deps"), discovered, &m[nm].ndeps);
			if (m[nm].ndeps)
				qsort(m[nm].deps, m[nm].ndeps, sizeof(char *), cmp_str);
			m[nm].parents = pl;
			m[nm].nparents = np;
			nm++;
		} else {
			free_list(pl, np);
		}
	}

	place_groups(map, m, nm);
	jsondoc_sort(map);
	wid = max_workflow_id(wf);
	for (i = 0; i < nm; i++) {
		cJSON *out = cJSON_GetObjectItemCaseSensitive(outcomes, m[i].path);
		char *name = module_name(m[i].path);
		const char *dm = jsondoc_str(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(discovered, m[i].path), "module"));

		cJSON_AddItemToObject(out, "group", group_value(m[i].group));
		if (dm) {
			free(name);
			name = xstrdup(dm);
		}
		if (!has_workflow(wf, name)) {
			cJSON *w = cJSON_CreateObject(), *steps = cJSON_CreateArray();
			char *title = xasprintf("integrate %s", name);

			cJSON_AddNumberToObject(w, "id", (double)++wid);
			cJSON_AddItemToArray(steps, cJSON_CreateString(name));
			cJSON_AddItemToObject(w, "workflow", steps);
			cJSON_AddStringToObject(w, "title", title);
			cJSON_AddStringToObject(w, "status", "pending");
			cJSON_AddItemToArray(wf, w);
			free(title);
		}
		free(name);
	}
	if (o->clean_orphans) {
		cJSON *next;

		for (e = orphans->child; e; e = next) {
			next = e->next;
			if (cJSON_GetObjectItemCaseSensitive(map, e->string))
				cJSON_Delete(cJSON_DetachItemViaPointer(orphans, e));
		}
	}

	r->module_map = cJSON_CreateObject();
	cJSON_AddItemToObject(r->module_map, "groups", build_groups(map));
	cJSON_AddItemToObject(r->module_map, "modules", map);
	jsondoc_sort(r->module_map);
	jsondoc_sort(orphans);
	jsondoc_sort(outcomes);
	r->orphans = orphans;
	r->workflows = wf;
	r->outcomes = outcomes;
	for (i = 0; i < nm; i++) {
		free_list(m[i].deps, m[i].ndeps);
		free_list(m[i].parents, m[i].nparents);
		free(m[i].group);
	}
	free(m);
	return 0;
fail:
	cJSON_Delete(map);
	cJSON_Delete(orphans);
	cJSON_Delete(wf);
	cJSON_Delete(outcomes);
	return -1;
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
