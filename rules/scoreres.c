/* scoreres.c: the self-test results score reads (scoreres.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "base/fsio.h"
#include "base/htab.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/presets.h"
#include "rules/scoreres.h"

static struct mod *get_mod(struct results *rs, const char *path)
{
	struct mod *m = htab_get(rs->mods, path, strlen(path));

	if (m)
		return m;
	m = xcalloc(1, sizeof(*m));
	m->path = xstrdup(path);
	/* the table keeps the key pointer: insert under the owned copy */
	*htab_put(rs->mods, m->path, strlen(m->path)) = m;
	return m;
}

/* what a result adds to its scenario's failures: version 2's "failures"
 * (failing calls and tests, a failed import); version 1: 1 if not passed */
static int result_failures(const cJSON *root, int passed)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "failures");

	return cJSON_IsNumber(f) && f->valuedouble >= 0 && f->valuedouble < 1e9 ? (int)f->valuedouble
	                                                                         : !passed;
}

/* one result file; rel is its directory below selftest/ (the module path)
 * and stem its name without .json; preferred: named with its level */
static void add_result(struct results *rs, const char *file, const char *rel, const char *stem,
		       int pass)
{
	char *text, *key, *stem_scn = xstrdup(stem);
	const char *module, *scenario, *level = NULL, *canon;
	cJSON *root = NULL, *it;
	size_t len, sl = strlen(stem_scn);
	int passed;
	struct mod *m;
	void **slot;

	if (sl > 4 && strcmp(stem_scn + sl - 4, "-low") == 0) {
		stem_scn[sl - 4] = '\0';
		level = "low";
	} else if (sl > 5 && strcmp(stem_scn + sl - 5, "-high") == 0) {
		stem_scn[sl - 5] = '\0';
		level = "high";
	}
	/* pass 0 takes level-named files (level set), pass 1 the older <scenario>.json */
	if ((level != NULL) != (pass == 0))
		goto done;
	text = read_file(file, &len);
	if (!text) {
		warn("cannot read '%s':", file);
		goto done;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!cJSON_IsObject(root)) {
		warn("%s: not a JSON object; skipped", file);
		goto done;
	}
	it = cJSON_GetObjectItemCaseSensitive(root, "passed");
	if (!cJSON_IsBool(it)) {
		warn("%s: no boolean 'passed'; skipped", file);
		goto done;
	}
	passed = cJSON_IsTrue(it);
	it = cJSON_GetObjectItemCaseSensitive(root, "module");
	module = cJSON_IsString(it) ? it->valuestring : rel;
	it = cJSON_GetObjectItemCaseSensitive(root, "scenario");
	scenario = cJSON_IsString(it) ? it->valuestring : stem_scn;
	if ((canon = presets_canonical(scenario)))
		scenario = canon;
	it = cJSON_GetObjectItemCaseSensitive(root, "level");
	if (cJSON_IsString(it))
		level = it->valuestring;
	if (!level)
		level = "low";
	key = xasprintf("%s\n%s\n%s", module, scenario, level);
	slot = htab_put(rs->seen, key, strlen(key));
	if (*slot) {
		free(key);
		goto done;
	}
	*slot = key;
	growarray(&rs->keys, &rs->kcap, rs->nkeys + 1, sizeof(char *));
	rs->keys[rs->nkeys++] = key;
	m = get_mod(rs, module);
	m->runs++;
	m->passed += passed;
	if (!passed) {
		growarray(&m->failed, &m->fcap, m->nfailed + 1, sizeof(char *));
		m->failed[m->nfailed++] = xasprintf("%s-%s", scenario, level);
	}
	if (strcmp(scenario, "hostile_input") == 0)
		m->hostile_failures += result_failures(root, passed);
	else if (strcmp(scenario, "user_misuse") == 0)
		m->misuse_failures += result_failures(root, passed);
done:
	cJSON_Delete(root);
	free(stem_scn);
}

static void walk(struct results *rs, const char *dir, const char *rel, int pass, int depth)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d) {
		if (errno != ENOENT || depth)
			warn("cannot read '%s':", dir);
		return;
	}
	while ((de = readdir(d))) {
		char *full, *sub;
		struct stat st;
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		full = path_join(dir, de->d_name);
		sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode) && depth < 64) {
			walk(rs, full, sub, pass, depth + 1);
		} else if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0 && S_ISREG(st.st_mode)) {
			char *stem = xstrndup(de->d_name, n - 5);

			add_result(rs, full, rel, stem, pass);
			free(stem);
		}
		free(sub);
		free(full);
	}
	closedir(d);
}

static int cmp_mod(const void *a, const void *b)
{
	return strcmp((*(struct mod *const *)a)->path, (*(struct mod *const *)b)->path);
}

void scoreres_collect(struct results *rs, const char *data)
{
	char *seldir = path_join(data, "selftest");
	size_t it = 0;
	void *v;

	rs->seen = htab_new(64);
	rs->mods = htab_new(64);
	walk(rs, seldir, "", 0, 0);
	walk(rs, seldir, "", 1, 0);
	while (htab_next(rs->mods, &it, NULL, NULL, &v)) {
		struct mod *m = v;

		if (m->nfailed)
			qsort(m->failed, m->nfailed, sizeof(m->failed[0]), cmp_strp);
		rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
		rs->v[rs->n++] = m;
	}
	if (rs->n)
		qsort(rs->v, rs->n, sizeof(*rs->v), cmp_mod);
	free(seldir);
}

void scoreres_release(struct results *rs)
{
	size_t i, k;

	for (i = 0; i < rs->n; i++) {
		for (k = 0; k < rs->v[i]->nfailed; k++)
			free(rs->v[i]->failed[k]);
		free(rs->v[i]->failed);
		free(rs->v[i]->path);
		free(rs->v[i]);
	}
	free(rs->v);
	for (i = 0; i < rs->nkeys; i++)
		free(rs->keys[i]);
	free(rs->keys);
	htab_free(rs->seen);
	htab_free(rs->mods);
	memset(rs, 0, sizeof(*rs));
}
