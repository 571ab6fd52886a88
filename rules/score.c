/* score.c: `menace score`. Formats and formulas: score.h; the command
 * line: cli/cmd_score.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/fsio.h"
#include "base/hash.h"
#include "base/htab.h"
#include "rules/impact.h"
#include "rules/jsonout.h"
#include "rules/metricsdb.h"
#include "base/path.h"
#include "rules/presets.h"
#include "rules/pyscan.h"
#include "rules/score.h"
#include "base/util.h"

double score_std(const double *v, size_t n)
{
	double mean = 0, var = 0;
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		var += (v[i] - mean) * (v[i] - mean);
	return sqrt(var / (double)n);
}

double score_raroi(double roi, double rollback_prob, double impact, double sigma, double safety)
{
	double stability = 1 - sigma;

	if (stability < 0)
		stability = 0;
	return roi * (1 - rollback_prob * impact) * stability * safety;
}

double score_safety(int hostile_failures, int misuse_failures)
{
	return 1.0 / (1.0 + hostile_failures + misuse_failures);
}

double score_diminishing(double roi_threshold, double sigma)
{
	return isnan(roi_threshold) ? 0.01 * (1 + sigma) : roi_threshold;
}

/* one module's results */
struct mod {
	char *path;
	int runs, passed, hostile_failures, misuse_failures;
	char **failed;            /* "scenario-level" of failed runs */
	size_t nfailed, fcap;
};

struct results {
	struct htab *seen;        /* "module\nscenario\nlevel" -> 1 (keys owned in keys[]) */
	char **keys;
	size_t nkeys, kcap;
	struct htab *mods;        /* path -> struct mod */
};

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

/* the named member of the history: an object or array, created when absent;
 * NULL after a warning when it has the wrong type */
static cJSON *member(cJSON *hist, const char *name, int array, const char *file)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(hist, name);

	if (!it)
		return array ? cJSON_AddArrayToObject(hist, name) : cJSON_AddObjectToObject(hist, name);
	if (array ? !cJSON_IsArray(it) : !cJSON_IsObject(it)) {
		warn("%s: '%s' is not %s", file, name, array ? "a list" : "an object");
		return NULL;
	}
	return it;
}

/* the list hist[path]; created when absent; NULL when not a list */
static cJSON *module_list(cJSON *obj, const char *path, const char *file, const char *name)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, path);

	if (!it)
		return cJSON_AddArrayToObject(obj, path);
	if (!cJSON_IsArray(it)) {
		warn("%s: '%s' of '%s' is not a list", file, name, path);
		return NULL;
	}
	return it;
}

/* the last n numbers of a list into v; returns how many */
static size_t last_numbers(const cJSON *list, double *v, size_t n)
{
	size_t total = (size_t)cJSON_GetArraySize(list), k = 0, i = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, list) {
		if (i++ + n < total || !cJSON_IsNumber(it))
			continue;
		v[k++] = it->valuedouble;
	}
	return k;
}

static void set_number(cJSON *obj, const char *key, double v)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateNumber(v));
	else
		cJSON_AddNumberToObject(obj, key, v);
}

static int load_history(const char *file, cJSON **out)
{
	size_t len;
	char *text = read_file(file, &len);
	cJSON *h;

	*out = NULL;
	if (!text) {
		if (errno != ENOENT)
			return error("cannot read '%s':", file);
		*out = cJSON_CreateObject();
		return 0;
	}
	h = cJSON_ParseWithLength(text, len);
	free(text);
	if (!cJSON_IsObject(h)) {
		cJSON_Delete(h);
		return error("%s: not a JSON object (roi history left as it is)", file);
	}
	*out = h;
	return 0;
}

static int append_line(const char *path, cJSON *obj)
{
	char *text = cJSON_PrintUnformatted(obj), *line = xasprintf("%s\n", text);
	size_t len = strlen(line);
	int fd, rc = 0;

	cJSON_free(text);
	mkdir_parents(path);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, line, len) != (ssize_t)len)
		rc = error("cannot append to '%s':", path);
	if (fd >= 0 && close(fd) < 0)
		rc = error("cannot append to '%s':", path);
	free(line);
	return rc;
}

/* a JSON file, or NULL when it is absent or not JSON */
static cJSON *load_json(const char *file)
{
	size_t len;
	char *text = read_file(file, &len);
	cJSON *j;

	if (!text)
		return NULL;
	j = cJSON_ParseWithLength(text, len);
	free(text);
	return j;
}

/* a flagged (complete) module's selftests are skipped by the pipeline, so it
 * has no results: it keeps its previous entry of scores.json, and integrate
 * still sees how it scored */
static void keep_flagged(const struct score_opts *o, cJSON *scores)
{
	char *flags_file = path_join(o->data, "sandbox_meta.log.flags");
	cJSON *flags = load_json(flags_file), *old = load_json(o->out), *it, *e;

	if (cJSON_IsArray(flags) && cJSON_IsObject(old))
		cJSON_ArrayForEach(it, flags) {
			if (!cJSON_IsString(it) || cJSON_GetObjectItemCaseSensitive(scores, it->valuestring) ||
			    !(e = cJSON_GetObjectItemCaseSensitive(old, it->valuestring)))
				continue;
			cJSON_AddItemToObject(scores, it->valuestring, cJSON_Duplicate(e, 1));
		}
	cJSON_Delete(flags);
	cJSON_Delete(old);
	free(flags_file);
}

/* the history lists of one scoring (members of roi_history.json) */
struct lists {
	cJSON *deltas, *raroi, *edeltas, *roi, *entropy, *hash;
};

/* one module's numbers */
struct modscore {
	double roi, delta, prev_roi, entropy, edelta, sigma, rollback, impact, safety, raroi, dim;
	const char *type;
	char hex[HASH_HEX];       /* of its source; "" when unreadable */
	int same;                 /* nothing new since its last scoring */
};

/* one run of score_run */
struct scoring {
	struct score_opts o;      /* out, history and bucket filled in */
	char *out, *history, *bucket;
	struct results rs;
	struct mod **mods;        /* sorted by path */
	size_t nmods;
	struct impact *im;
	struct metricsdb *db;
	cJSON *hist, *scores, *lines;
	char *run_id;
	double roi_sum, raroi_sum;
};

static int get_lists(const struct scoring *s, struct lists *l)
{
	const char *f = s->o.history;

	if (!(l->deltas = member(s->hist, "module_deltas", 0, f)) ||
	    !(l->raroi = member(s->hist, "module_raroi", 0, f)) ||
	    !(l->edeltas = member(s->hist, "module_entropy_deltas", 0, f)) ||
	    !(l->roi = member(s->hist, "module_roi", 0, f)) ||
	    !(l->entropy = member(s->hist, "module_entropy", 0, f)) ||
	    !(l->hash = member(s->hist, "module_hash", 0, f)))
		return -1;
	return 0;
}

/* the module's roi at its last scoring; NaN when it has none */
static double previous_roi(const struct lists *l, const char *path)
{
	const cJSON *prev = cJSON_GetObjectItemCaseSensitive(l->roi, path), *it;
	double roi = NAN;

	if (cJSON_IsNumber(prev)) {
		roi = prev->valuedouble;
	} else if ((prev = cJSON_GetObjectItemCaseSensitive(l->deltas, path))) {
		/* an older history without module_roi: deltas sum to the roi */
		roi = 0;
		cJSON_ArrayForEach(it, prev)
			if (cJSON_IsNumber(it))
				roi += it->valuedouble;
	}
	return roi;
}

/* the hash and the token entropy of the module's source (NaN: unknown) */
static void read_source(const struct score_opts *o, const char *path, struct modscore *ms)
{
	char *full = path_join(o->repo, path), *src;
	size_t len;

	ms->entropy = NAN;
	src = read_file(full, &len);
	if (!src) {
		warn("cannot read '%s' for its entropy:", full);
	} else {
		hash_hex(hash_bytes(src, len), ms->hex);
		ms->entropy = pyscan_entropy(src, len);
		if (ms->entropy < 0) {
			warn("%s: does not tokenize; entropy left unknown", full);
			ms->entropy = NAN;
		}
	}
	free(src);
	free(full);
}

/* the module's roi, entropy and their deltas against the history */
static void measure(const struct scoring *s, const struct mod *m, const struct lists *l,
		    struct modscore *ms)
{
	const cJSON *prev;

	ms->roi = (double)m->passed / m->runs;
	ms->prev_roi = previous_roi(l, m->path);
	ms->delta = isnan(ms->prev_roi) ? ms->roi : ms->roi - ms->prev_roi;
	read_source(&s->o, m->path, ms);
	prev = cJSON_GetObjectItemCaseSensitive(l->entropy, m->path);
	ms->edelta = 0;
	if (!isnan(ms->entropy) && cJSON_IsNumber(prev))
		ms->edelta = ms->entropy - prev->valuedouble;
	/* nothing new about the module (same source bytes, same roi: only other
	 * modules' tests ran, or its own re-ran after a reset): its scores are
	 * written but its histories get no entry, so flag's "last N scorings"
	 * are scorings after a change of the module */
	prev = cJSON_GetObjectItemCaseSensitive(l->hash, m->path);
	ms->same = *ms->hex && cJSON_IsString(prev) && !strcmp(prev->valuestring, ms->hex) &&
		   !isnan(ms->prev_roi) && ms->prev_roi == ms->roi;
	if (ms->same)
		ms->delta = ms->edelta = 0;
}

/* append v to the module's list in obj unless nothing is new; the list, or
 * NULL after a warning */
static cJSON *append_to(const struct scoring *s, cJSON *obj, const char *name, const char *path,
			int same, double v)
{
	cJSON *e = module_list(obj, path, s->o.history, name);

	if (e && !same)
		cJSON_AddItemToArray(e, cJSON_CreateNumber(v));
	return e;
}

/* the formulas of score.h, recording the module in the history; 0 or -1 */
static int update_history(const struct scoring *s, const struct mod *m, const struct lists *l,
			  struct modscore *ms)
{
	double last[SCORE_WINDOW];
	cJSON *e;
	size_t n;

	if (!(e = append_to(s, l->deltas, "module_deltas", m->path, ms->same, ms->delta)))
		return -1;
	n = last_numbers(e, last, SCORE_WINDOW);
	ms->sigma = score_std(last, n);
	ms->rollback = 1 - ms->roi;
	ms->impact = impact_severity(s->im, m->path, &ms->type);
	ms->safety = score_safety(m->hostile_failures, m->misuse_failures);
	ms->raroi = score_raroi(ms->roi, ms->rollback, ms->impact, ms->sigma, ms->safety);
	ms->dim = score_diminishing(s->o.roi_threshold, ms->sigma);
	if (!append_to(s, l->raroi, "module_raroi", m->path, ms->same, ms->raroi))
		return -1;
	if (!isnan(ms->entropy)) {
		if (!append_to(s, l->edeltas, "module_entropy_deltas", m->path, ms->same, ms->edelta))
			return -1;
		set_number(l->entropy, m->path, ms->entropy);
	}
	set_number(l->roi, m->path, ms->roi);
	if (*ms->hex) {
		if (cJSON_GetObjectItemCaseSensitive(l->hash, m->path))
			cJSON_ReplaceItemInObjectCaseSensitive(l->hash, m->path, cJSON_CreateString(ms->hex));
		else
			cJSON_AddStringToObject(l->hash, m->path, ms->hex);
	}
	return 0;
}

/* the module's entry of scores.json */
static void add_entry(const struct scoring *s, const struct mod *m, const struct modscore *ms)
{
	cJSON *e = cJSON_AddObjectToObject(s->scores, m->path), *fl;
	size_t i;

	cJSON_AddNumberToObject(e, "roi", ms->roi);
	cJSON_AddNumberToObject(e, "roi_delta", ms->delta);
	cJSON_AddNumberToObject(e, "raroi", ms->raroi);
	if (isnan(ms->entropy))
		cJSON_AddNullToObject(e, "entropy");
	else
		cJSON_AddNumberToObject(e, "entropy", ms->entropy);
	cJSON_AddNumberToObject(e, "entropy_delta", ms->edelta);
	cJSON_AddNumberToObject(e, "pass_rate", ms->roi);
	cJSON_AddNumberToObject(e, "runs", m->runs);
	cJSON_AddNumberToObject(e, "passed", m->passed);
	cJSON_AddNumberToObject(e, "failed", m->runs - m->passed);
	cJSON_AddNumberToObject(e, "rollback_prob", ms->rollback);
	cJSON_AddNumberToObject(e, "impact_severity", ms->impact);
	cJSON_AddStringToObject(e, "impact_type", ms->type);
	cJSON_AddNumberToObject(e, "sigma", ms->sigma);
	cJSON_AddNumberToObject(e, "safety", ms->safety);
	cJSON_AddNumberToObject(e, "hostile_failures", m->hostile_failures);
	cJSON_AddNumberToObject(e, "misuse_failures", m->misuse_failures);
	cJSON_AddNumberToObject(e, "diminishing", ms->dim);
	cJSON_AddBoolToObject(e, "borderline", ms->raroi < s->o.borderline);
	fl = cJSON_AddArrayToObject(e, "failed_scenarios");
	for (i = 0; i < m->nfailed; i++)
		cJSON_AddItemToArray(fl, cJSON_CreateString(m->failed[i]));
}

/* the module's line of borderline_bucket.jsonl */
static void add_borderline(const struct scoring *s, const struct mod *m, const struct lists *l,
			   const struct modscore *ms)
{
	cJSON *line = cJSON_CreateObject(), *h;
	double last[SCORE_WINDOW];
	char now[32];
	size_t n, i;

	metricsdb_now(now);
	cJSON_AddStringToObject(line, "module", m->path);
	cJSON_AddNumberToObject(line, "raroi", ms->raroi);
	cJSON_AddNumberToObject(line, "roi", ms->roi);
	cJSON_AddNumberToObject(line, "threshold", s->o.borderline);
	h = cJSON_AddArrayToObject(line, "raroi_history");
	n = last_numbers(cJSON_GetObjectItemCaseSensitive(l->raroi, m->path), last, SCORE_WINDOW);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(h, cJSON_CreateNumber(last[i]));
	cJSON_AddStringToObject(line, "run_id", s->run_id);
	cJSON_AddStringToObject(line, "recorded_at", now);
	cJSON_AddItemToArray(s->lines, line);
}

/* one module: 0, -1 after a warning about the history, -2 when metrics.db failed */
static int score_module(struct scoring *s, const struct mod *m)
{
	struct metrics_score row;
	struct modscore ms;
	struct lists l;

	memset(&ms, 0, sizeof(ms));
	if (get_lists(s, &l) < 0)
		return -1;
	measure(s, m, &l, &ms);
	if (update_history(s, m, &l, &ms) < 0)
		return -1;
	add_entry(s, m, &ms);
	if (ms.raroi < s->o.borderline)
		add_borderline(s, m, &l, &ms);
	row.run_id = s->run_id;
	row.module = m->path;
	row.roi = ms.roi;
	row.roi_delta = ms.delta;
	row.raroi = ms.raroi;
	row.entropy = ms.entropy;
	row.entropy_delta = ms.edelta;
	row.pass_rate = ms.roi;
	if (metricsdb_add_score(s->db, &row) < 0)
		return -2;
	s->roi_sum += ms.roi;
	s->raroi_sum += ms.raroi;
	return 0;
}

/* every result file below DATA/selftest into s->mods, sorted by path, and
 * each one's failed runs sorted (directory order differs between machines) */
static void collect(struct scoring *s)
{
	char *seldir = path_join(s->o.data, "selftest");
	size_t it = 0;
	void *v;

	s->rs.seen = htab_new(64);
	s->rs.mods = htab_new(64);
	walk(&s->rs, seldir, "", 0, 0);
	walk(&s->rs, seldir, "", 1, 0);
	while (htab_next(s->rs.mods, &it, NULL, NULL, &v)) {
		struct mod *m = v;

		if (m->nfailed)
			qsort(m->failed, m->nfailed, sizeof(m->failed[0]), cmp_strp);
		s->mods = xreallocarray(s->mods, s->nmods + 1, sizeof(*s->mods));
		s->mods[s->nmods++] = m;
	}
	if (s->nmods)
		qsort(s->mods, s->nmods, sizeof(*s->mods), cmp_mod);
	free(seldir);
}

/* the run's means, then scores.json and roi_history.json; 0 or -1 */
static int save_scores(struct scoring *s)
{
	cJSON *list;

	keep_flagged(&s->o, s->scores);
	if (!(list = member(s->hist, "roi_history", 1, s->o.history)))
		return -1;
	if (s->nmods)
		cJSON_AddItemToArray(list, cJSON_CreateNumber(s->roi_sum / (double)s->nmods));
	if (!(list = member(s->hist, "raroi_history", 1, s->o.history)))
		return -1;
	if (s->nmods)
		cJSON_AddItemToArray(list, cJSON_CreateNumber(s->raroi_sum / (double)s->nmods));
	set_number(s->hist, "version", 1);
	if (jsonout_save(s->o.out, s->scores) < 0 || jsonout_save(s->o.history, s->hist) < 0)
		return -1;
	return 0;
}

/* score every module in one metrics.db transaction, save the files, then
 * append the borderline lines: the exit status */
static int score_all(struct scoring *s)
{
	char *dbpath = path_join(s->o.data, "metrics.db");
	cJSON *line;
	size_t i;
	int r;

	s->db = metricsdb_open(dbpath);
	free(dbpath);
	if (!s->db || metricsdb_begin(s->db) < 0)
		return EXIT_STATE;
	s->run_id = metricsdb_run_id();
	s->scores = cJSON_CreateObject();
	s->lines = cJSON_CreateArray();
	for (i = 0; i < s->nmods; i++)
		if ((r = score_module(s, s->mods[i])) < 0) {
			metricsdb_rollback(s->db);
			return r == -2 ? EXIT_STATE : EXIT_FAILED;
		}
	if (save_scores(s) < 0) {
		metricsdb_rollback(s->db);
		return EXIT_FAILED;
	}
	if (metricsdb_commit(s->db) < 0)
		return EXIT_STATE;
	cJSON_ArrayForEach(line, s->lines)
		if (append_line(s->o.bucket, line) < 0)
			return EXIT_FAILED;
	return EXIT_OK;
}

static void scoring_release(struct scoring *s)
{
	size_t i, k;

	metricsdb_close(s->db);
	cJSON_Delete(s->scores);
	cJSON_Delete(s->lines);
	cJSON_Delete(s->hist);
	impact_free(s->im);
	for (i = 0; i < s->nmods; i++) {
		for (k = 0; k < s->mods[i]->nfailed; k++)
			free(s->mods[i]->failed[k]);
		free(s->mods[i]->failed);
		free(s->mods[i]->path);
		free(s->mods[i]);
	}
	free(s->mods);
	for (i = 0; i < s->rs.nkeys; i++)
		free(s->rs.keys[i]);
	free(s->rs.keys);
	htab_free(s->rs.seen);
	htab_free(s->rs.mods);
	free(s->run_id);
	free(s->bucket);
	free(s->history);
	free(s->out);
}

int score_run(const struct score_opts *o)
{
	struct scoring s;
	int rc = EXIT_FAILED;

	memset(&s, 0, sizeof(s));
	s.o = *o;
	s.o.out = s.out = o->out ? xstrdup(o->out) : path_join(o->data, "scores.json");
	s.o.history = s.history = o->history ? xstrdup(o->history) : path_join(o->data, "roi_history.json");
	s.o.bucket = s.bucket = o->bucket ? xstrdup(o->bucket) :
				path_join(o->data, "borderline_bucket.jsonl");
	if ((s.im = impact_load(o->config, o->config_required)) && load_history(s.history, &s.hist) == 0) {
		collect(&s);
		rc = score_all(&s);
	}
	scoring_release(&s);
	return rc;
}
