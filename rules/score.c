/* score.c: `menace score`. Formats and formulas: score.h. */
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

#include "rules/argopt.h"
#include "base/buf.h"
#include "cli/cli.h"
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

/* one result file; rel is its directory below selftest/ (the module path)
 * and stem its name without .json; preferred: named with its level */
static void add_result(struct results *rs, const char *file, const char *rel, const char *stem,
		       int pass)
{
	char *text, *key, *stem_scn = xstrdup(stem);
	const char *module, *scenario, *level = NULL, *canon;
	cJSON *root = NULL, *it;
	size_t len, sl = strlen(stem_scn);
	int named_level = 0, passed;
	struct mod *m;
	void **slot;

	if (sl > 4 && strcmp(stem_scn + sl - 4, "-low") == 0) {
		stem_scn[sl - 4] = '\0';
		level = "low";
		named_level = 1;
	} else if (sl > 5 && strcmp(stem_scn + sl - 5, "-high") == 0) {
		stem_scn[sl - 5] = '\0';
		level = "high";
		named_level = 1;
	}
	/* pass 0 takes level-named files, pass 1 the older <scenario>.json */
	if (named_level != (pass == 0))
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
	canon = presets_canonical(scenario);
	if (canon)
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
	if (passed) {
		m->passed++;
	} else {
		growarray(&m->failed, &m->fcap, m->nfailed + 1, sizeof(char *));
		m->failed[m->nfailed++] = xasprintf("%s-%s", scenario, level);
		if (strcmp(scenario, "hostile_input") == 0)
			m->hostile_failures++;
		else if (strcmp(scenario, "user_misuse") == 0)
			m->misuse_failures++;
	}
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

static const char score_usage[] =
	"usage: menace score [--data DIR] [--out FILE] [--history FILE] [--repo DIR]\n"
	"                    [--bucket FILE] [--impact-severity-config FILE]\n"
	"                    [--roi-threshold X] [--borderline-raroi-threshold X]\n"
	"\n"
	"Scores every self-tested module from DATA/selftest/**.json and the previous\n"
	"roi_history.json. Every flag also takes --flag=VALUE.\n"
	"\n"
	"  --data DIR      SANDBOX_DATA_DIR (default sandbox_data; also --data-dir)\n"
	"  --out FILE      scores (default DATA/scores.json)\n"
	"  --history FILE  roi history, read and rewritten (default DATA/roi_history.json)\n"
	"  --repo DIR      where the modules are, for their entropy (default .)\n"
	"  --bucket FILE   borderline bucket (default DATA/borderline_bucket.jsonl)\n"
	"  --impact-severity-config FILE   IMPACT_SEVERITY_CONFIG\n"
	"                  (default config/impact_severity.yaml; may be absent)\n"
	"  --roi-threshold X               ROI_THRESHOLD (the diminishing threshold)\n"
	"  --borderline-raroi-threshold X  BORDERLINE_RAROI_THRESHOLD (default 0.0)\n"
	"\n"
	"Per module: pass_rate = passed runs / runs; roi = pass_rate; roi_delta =\n"
	"roi - previous roi (first: roi); entropy = token Shannon entropy (bits),\n"
	"entropy_delta = entropy - previous (first: 0); sigma = population std of\n"
	"the last 5 roi deltas; raroi = roi * (1 - (1 - pass_rate) * impact) *\n"
	"max(0, 1 - sigma) / (1 + hostile_input and user_misuse failures);\n"
	"diminishing = ROI_THRESHOLD or 0.01 * (1 + sigma); borderline when\n"
	"raroi < BORDERLINE_RAROI_THRESHOLD.\n"
	"\n"
	"exit: 0 ok, 1 a file could not be read or written, 2 bad usage,\n"
	"3 metrics.db unusable\n";

struct score_opts {
	const char *data, *out, *history, *repo, *bucket, *config;
	double roi_threshold, borderline;
	int config_required;
};

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

static int score_module(const struct score_opts *o, const struct mod *m, cJSON *hist,
			const struct impact *im, cJSON *scores, cJSON *bucket, const char *run_id,
			struct metricsdb *db, double *roi_sum, double *raroi_sum)
{
	cJSON *deltas, *raroi_l, *edeltas, *mroi, *ment, *mhash, *e, *fl, *prev;
	char hex[HASH_HEX] = "";
	int same;
	double roi, delta, prev_roi = NAN, entropy = NAN, edelta = 0, sigma, rollback, impact;
	double safety, raroi, dim, last[SCORE_WINDOW];
	const char *type;
	char *src, *full;
	size_t len, n, i;
	struct metrics_score row;

	if (!(deltas = member(hist, "module_deltas", 0, o->history)) ||
	    !(raroi_l = member(hist, "module_raroi", 0, o->history)) ||
	    !(edeltas = member(hist, "module_entropy_deltas", 0, o->history)) ||
	    !(mroi = member(hist, "module_roi", 0, o->history)) ||
	    !(ment = member(hist, "module_entropy", 0, o->history)) ||
	    !(mhash = member(hist, "module_hash", 0, o->history)))
		return -1;
	roi = (double)m->passed / m->runs;
	prev = cJSON_GetObjectItemCaseSensitive(mroi, m->path);
	if (cJSON_IsNumber(prev)) {
		prev_roi = prev->valuedouble;
	} else if ((prev = cJSON_GetObjectItemCaseSensitive(deltas, m->path))) {
		/* an older history without module_roi: deltas sum to the roi */
		const cJSON *it;

		prev_roi = 0;
		cJSON_ArrayForEach(it, prev)
			if (cJSON_IsNumber(it))
				prev_roi += it->valuedouble;
	}
	delta = isnan(prev_roi) ? roi : roi - prev_roi;

	full = path_join(o->repo, m->path);
	src = read_file(full, &len);
	if (!src) {
		warn("cannot read '%s' for its entropy:", full);
	} else {
		hash_hex(hash_bytes(src, len), hex);
		entropy = pyscan_entropy(src, len);
		if (entropy < 0) {
			warn("%s: does not tokenize; entropy left unknown", full);
			entropy = NAN;
		}
	}
	free(src);
	free(full);
	prev = cJSON_GetObjectItemCaseSensitive(ment, m->path);
	if (!isnan(entropy) && cJSON_IsNumber(prev))
		edelta = entropy - prev->valuedouble;

	/* nothing new about the module (same source bytes, same roi: only other
	 * modules' tests ran, or its own re-ran after a reset): its scores are
	 * written but its histories get no entry, so flag's "last N scorings"
	 * are scorings after a change of the module */
	prev = cJSON_GetObjectItemCaseSensitive(mhash, m->path);
	same = *hex && cJSON_IsString(prev) && !strcmp(prev->valuestring, hex) &&
	       !isnan(prev_roi) && prev_roi == roi;
	if (same)
		delta = edelta = 0;
	if (!(e = module_list(deltas, m->path, o->history, "module_deltas")))
		return -1;
	if (!same)
		cJSON_AddItemToArray(e, cJSON_CreateNumber(delta));
	n = last_numbers(e, last, SCORE_WINDOW);
	sigma = score_std(last, n);
	rollback = 1 - roi;
	impact = impact_severity(im, m->path, &type);
	safety = score_safety(m->hostile_failures, m->misuse_failures);
	raroi = score_raroi(roi, rollback, impact, sigma, safety);
	dim = score_diminishing(o->roi_threshold, sigma);
	if (!(e = module_list(raroi_l, m->path, o->history, "module_raroi")))
		return -1;
	if (!same)
		cJSON_AddItemToArray(e, cJSON_CreateNumber(raroi));
	if (!isnan(entropy)) {
		if (!(e = module_list(edeltas, m->path, o->history, "module_entropy_deltas")))
			return -1;
		if (!same)
			cJSON_AddItemToArray(e, cJSON_CreateNumber(edelta));
		set_number(ment, m->path, entropy);
	}
	set_number(mroi, m->path, roi);
	if (*hex) {
		if (cJSON_GetObjectItemCaseSensitive(mhash, m->path))
			cJSON_ReplaceItemInObjectCaseSensitive(mhash, m->path, cJSON_CreateString(hex));
		else
			cJSON_AddStringToObject(mhash, m->path, hex);
	}

	e = cJSON_AddObjectToObject(scores, m->path);
	cJSON_AddNumberToObject(e, "roi", roi);
	cJSON_AddNumberToObject(e, "roi_delta", delta);
	cJSON_AddNumberToObject(e, "raroi", raroi);
	if (isnan(entropy))
		cJSON_AddNullToObject(e, "entropy");
	else
		cJSON_AddNumberToObject(e, "entropy", entropy);
	cJSON_AddNumberToObject(e, "entropy_delta", edelta);
	cJSON_AddNumberToObject(e, "pass_rate", roi);
	cJSON_AddNumberToObject(e, "runs", m->runs);
	cJSON_AddNumberToObject(e, "passed", m->passed);
	cJSON_AddNumberToObject(e, "failed", m->runs - m->passed);
	cJSON_AddNumberToObject(e, "rollback_prob", rollback);
	cJSON_AddNumberToObject(e, "impact_severity", impact);
	cJSON_AddStringToObject(e, "impact_type", type);
	cJSON_AddNumberToObject(e, "sigma", sigma);
	cJSON_AddNumberToObject(e, "safety", safety);
	cJSON_AddNumberToObject(e, "hostile_failures", m->hostile_failures);
	cJSON_AddNumberToObject(e, "misuse_failures", m->misuse_failures);
	cJSON_AddNumberToObject(e, "diminishing", dim);
	cJSON_AddBoolToObject(e, "borderline", raroi < o->borderline);
	fl = cJSON_AddArrayToObject(e, "failed_scenarios");
	for (i = 0; i < m->nfailed; i++)
		cJSON_AddItemToArray(fl, cJSON_CreateString(m->failed[i]));

	if (raroi < o->borderline) {
		cJSON *line = cJSON_CreateObject(), *h;
		char now[32];

		metricsdb_now(now);
		cJSON_AddStringToObject(line, "module", m->path);
		cJSON_AddNumberToObject(line, "raroi", raroi);
		cJSON_AddNumberToObject(line, "roi", roi);
		cJSON_AddNumberToObject(line, "threshold", o->borderline);
		h = cJSON_AddArrayToObject(line, "raroi_history");
		n = last_numbers(cJSON_GetObjectItemCaseSensitive(raroi_l, m->path), last, SCORE_WINDOW);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(h, cJSON_CreateNumber(last[i]));
		cJSON_AddStringToObject(line, "run_id", run_id);
		cJSON_AddStringToObject(line, "recorded_at", now);
		cJSON_AddItemToArray(bucket, line);
	}
	row.run_id = run_id;
	row.module = m->path;
	row.roi = roi;
	row.roi_delta = delta;
	row.raroi = raroi;
	row.entropy = entropy;
	row.entropy_delta = edelta;
	row.pass_rate = roi;
	if (db && metricsdb_add_score(db, &row) < 0)
		return -2;
	*roi_sum += roi;
	*raroi_sum += raroi;
	return 0;
}

int cmd_score(int argc, char **argv)
{
	struct score_opts o;
	const char *val, *rt = getenv("ROI_THRESHOLD"), *bt = getenv("BORDERLINE_RAROI_THRESHOLD");
	const char *data_arg = NULL, *out_arg = NULL, *hist_arg = NULL, *bucket_arg = NULL;
	char *out = NULL, *history = NULL, *bucket = NULL, *seldir = NULL, *dbpath = NULL;
	char *run_id = NULL;
	struct results rs = {NULL, NULL, 0, 0, NULL};
	struct impact *im = NULL;
	struct metricsdb *db = NULL;
	struct mod **mods = NULL;
	cJSON *hist = NULL, *scores = NULL, *lines = NULL, *list, *line;
	double roi_sum = 0, raroi_sum = 0;
	size_t nmods = 0, i, it = 0;
	void *v;
	int a, r, rc = EXIT_USAGE;

	if (want_help(argc, argv, score_usage))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	o.repo = ".";
	o.config = getenv("IMPACT_SEVERITY_CONFIG");
	o.config_required = o.config && *o.config;
	for (a = 1; a < argc; a++) {
		static const char *const names[] = {"--data", "--out", "--history", "--repo", "--bucket",
						    "--impact-severity-config", "--roi-threshold",
						    "--borderline-raroi-threshold", "--data-dir"};
		const char **dst[] = {&data_arg, &out_arg, &hist_arg, &o.repo, &bucket_arg, &o.config,
				      &rt, &bt, &data_arg};
		size_t k;

		for (k = 0, r = 0; k < sizeof(names) / sizeof(names[0]) && !r; k++)
			if ((r = argopt_value(argc, argv, &a, names[k], &val)) > 0) {
				*dst[k] = val;
				if (k == 5)
					o.config_required = 1;
			}
		if (r < 0)
			goto usage;
		if (!r) {
			warn("unknown option '%s'", argv[a]);
			goto usage;
		}
	}
	o.roi_threshold = NAN;
	o.borderline = 0.0;
	if (rt && *rt && argopt_double("ROI_THRESHOLD", rt, &o.roi_threshold) < 0)
		goto usage;
	if (bt && *bt && argopt_double("BORDERLINE_RAROI_THRESHOLD", bt, &o.borderline) < 0)
		goto usage;
	if (!o.config || !*o.config)
		o.config = "config/impact_severity.yaml";
	o.data = data_arg ? data_arg : argopt_data_dir();
	o.out = out = out_arg ? xstrdup(out_arg) : path_join(o.data, "scores.json");
	o.history = history = hist_arg ? xstrdup(hist_arg) : path_join(o.data, "roi_history.json");
	o.bucket = bucket = bucket_arg ? xstrdup(bucket_arg) : path_join(o.data, "borderline_bucket.jsonl");

	rc = EXIT_FAILED;
	if (!(im = impact_load(o.config, o.config_required)))
		goto done;
	if (load_history(o.history, &hist) < 0)
		goto done;
	rs.seen = htab_new(64);
	rs.mods = htab_new(64);
	seldir = path_join(o.data, "selftest");
	walk(&rs, seldir, "", 0, 0);
	walk(&rs, seldir, "", 1, 0);
	while (htab_next(rs.mods, &it, NULL, NULL, &v)) {
		mods = xreallocarray(mods, nmods + 1, sizeof(*mods));
		mods[nmods++] = v;
	}
	qsort(mods, nmods, sizeof(*mods), cmp_mod);

	dbpath = path_join(o.data, "metrics.db");
	if (!(db = metricsdb_open(dbpath)) || metricsdb_begin(db) < 0) {
		rc = EXIT_STATE;
		goto done;
	}
	run_id = metricsdb_run_id();
	scores = cJSON_CreateObject();
	lines = cJSON_CreateArray();
	for (i = 0; i < nmods; i++) {
		r = score_module(&o, mods[i], hist, im, scores, lines, run_id, db, &roi_sum, &raroi_sum);
		if (r < 0) {
			rc = r == -2 ? EXIT_STATE : EXIT_FAILED;
			metricsdb_rollback(db);
			goto done;
		}
	}
	keep_flagged(&o, scores);
	if (!(list = member(hist, "roi_history", 1, o.history)))
		goto rollback;
	if (nmods)
		cJSON_AddItemToArray(list, cJSON_CreateNumber(roi_sum / (double)nmods));
	if (!(list = member(hist, "raroi_history", 1, o.history)))
		goto rollback;
	if (nmods)
		cJSON_AddItemToArray(list, cJSON_CreateNumber(raroi_sum / (double)nmods));
	set_number(hist, "version", 1);
	if (jsonout_save(o.out, scores) < 0 || jsonout_save(o.history, hist) < 0)
		goto rollback;
	if (metricsdb_commit(db) < 0) {
		rc = EXIT_STATE;
		goto done;
	}
	cJSON_ArrayForEach(line, lines)
		if (append_line(o.bucket, line) < 0)
			goto done;
	rc = EXIT_OK;
	goto done;
rollback:
	metricsdb_rollback(db);
	goto done;
usage:
	rc = usage_error("usage: menace score [--data DIR] [--out FILE] [--history FILE] ...\n");
done:
	metricsdb_close(db);
	cJSON_Delete(scores);
	cJSON_Delete(lines);
	cJSON_Delete(hist);
	impact_free(im);
	for (i = 0; i < nmods; i++) {
		size_t k;

		for (k = 0; k < mods[i]->nfailed; k++)
			free(mods[i]->failed[k]);
		free(mods[i]->failed);
		free(mods[i]->path);
		free(mods[i]);
	}
	free(mods);
	for (i = 0; i < rs.nkeys; i++)
		free(rs.keys[i]);
	free(rs.keys);
	htab_free(rs.seen);
	htab_free(rs.mods);
	free(run_id);
	free(dbpath);
	free(seldir);
	free(bucket);
	free(history);
	free(out);
	return rc;
}
