/* score.c: `menace score`. Formats and formulas: score.h; the command
 * line: cli/cmd_score.c. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/fsio.h"
#include "base/hash.h"
#include "rules/impact.h"
#include "rules/jsonout.h"
#include "rules/metricsdb.h"
#include "rules/micropilot.h"
#include "base/path.h"
#include "rules/plateau.h"
#include "rules/pyscan.h"
#include "rules/score.h"
#include "rules/scoreres.h"
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
			const char *name = flag_entry_name(it);

			if (!name || cJSON_GetObjectItemCaseSensitive(scores, name) ||
			    !(e = cJSON_GetObjectItemCaseSensitive(old, name)))
				continue;
			cJSON_AddItemToObject(scores, name, cJSON_Duplicate(e, 1));
		}
	cJSON_Delete(flags);
	cJSON_Delete(old);
	free(flags_file);
}

/* the history lists of one scoring (members of roi_history.json) */
struct lists {
	cJSON *deltas, *raroi, *edeltas, *roi, *entropy, *hash, *info, *ideltas;
};

/* one module's numbers */
struct modscore {
	double roi, delta, prev_roi, entropy, edelta, sigma, rollback, impact, safety, raroi, dim;
	double info, idelta;      /* the plateau measure (plateau.h); info NaN: unknown */
	double conf;              /* confidence (micropilot.h) */
	int borderline;
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
	    !(l->hash = member(s->hist, "module_hash", 0, f)) ||
	    !(l->info = member(s->hist, "module_information", 0, f)) ||
	    !(l->ideltas = member(s->hist, "module_information_deltas", 0, f)))
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

	ms->entropy = ms->info = NAN;
	src = read_file(full, &len);
	if (!src) {
		warn("cannot read '%s' for its entropy:", full);
	} else {
		hash_hex(hash_bytes(src, len), ms->hex);
		ms->entropy = pyscan_entropy(src, len);
		if (ms->entropy < 0) {
			warn("%s: does not tokenize; entropy left unknown", full);
			ms->entropy = NAN;
		} else {
			ms->info = plateau_information(src, len);
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
	prev = cJSON_GetObjectItemCaseSensitive(l->info, m->path);
	ms->idelta = 0;
	if (!isnan(ms->info) && cJSON_IsNumber(prev))
		ms->idelta = plateau_change(prev->valuedouble, ms->info);
	/* nothing new about the module (same source bytes, same roi: only other
	 * modules' tests ran, or its own re-ran after a reset): its scores are
	 * written but its histories get no entry, so flag's "last N scorings"
	 * are scorings after a change of the module */
	prev = cJSON_GetObjectItemCaseSensitive(l->hash, m->path);
	ms->same = *ms->hex && cJSON_IsString(prev) && !strcmp(prev->valuestring, ms->hex) &&
		   !isnan(ms->prev_roi) && ms->prev_roi == ms->roi;
	if (ms->same)
		ms->delta = ms->edelta = ms->idelta = 0;
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
	if (!isnan(ms->info)) {
		if (!append_to(s, l->ideltas, "module_information_deltas", m->path, ms->same, ms->idelta))
			return -1;
		set_number(l->info, m->path, ms->info);
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
	if (isnan(ms->info))
		cJSON_AddNullToObject(e, "information");
	else
		cJSON_AddNumberToObject(e, "information", ms->info);
	cJSON_AddNumberToObject(e, "information_delta", ms->idelta);
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
	cJSON_AddNumberToObject(e, "confidence", ms->conf);
	cJSON_AddBoolToObject(e, "borderline", ms->borderline);
	fl = cJSON_AddArrayToObject(e, "failed_scenarios");
	for (i = 0; i < m->nfailed; i++)
		cJSON_AddItemToArray(fl, cJSON_CreateString(m->failed[i]));
	if (ms->borderline && s->o.mode == MICROPILOT_QUEUE)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(e, "micropilot"), "verdict", "queued");
	else if (ms->borderline && s->o.mode == MICROPILOT_AUTO)
		cJSON_AddItemToObject(e, "micropilot", micropilot_verdict(s->o.data, m->path));
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
	cJSON_AddNumberToObject(line, "confidence", ms->conf);
	cJSON_AddNumberToObject(line, "confidence_threshold", s->o.borderline_confidence);
	h = cJSON_AddArrayToObject(line, "raroi_history");
	n = last_numbers(cJSON_GetObjectItemCaseSensitive(l->raroi, m->path), last, SCORE_WINDOW);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(h, cJSON_CreateNumber(last[i]));
	cJSON_AddStringToObject(line, "run_id", s->run_id);
	cJSON_AddStringToObject(line, "recorded_at", now);
	cJSON_AddItemToArray(s->lines, line);
}

/* the module's numbers into ms, and into the history (in memory); 0, or
 * -1 after a warning about the history */
static int compute(struct scoring *s, const struct mod *m, struct lists *l, struct modscore *ms)
{
	memset(ms, 0, sizeof(*ms));
	if (get_lists(s, l) < 0)
		return -1;
	measure(s, m, l, ms);
	if (update_history(s, m, l, ms) < 0)
		return -1;
	ms->conf = micropilot_confidence(m->passed, m->runs);
	ms->borderline = ms->raroi < s->o.borderline || ms->conf < s->o.borderline_confidence;
	return 0;
}

/* one module: 0, -1 after a warning about the history, -2 when metrics.db failed */
static int score_module(struct scoring *s, const struct mod *m)
{
	struct metrics_score row;
	struct modscore ms;
	struct lists l;

	if (compute(s, m, &l, &ms) < 0)
		return -1;
	add_entry(s, m, &ms);
	if (ms.borderline)
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
	set_number(s->hist, "version", 2);
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

/* --queue: the modules whose micro-pilots run in this build (the borderline
 * ones in auto mode, else none), and nothing else: the exit status */
static int write_queue(struct scoring *s)
{
	cJSON *list = cJSON_CreateArray();
	struct modscore ms;
	struct lists l;
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < s->nmods && s->o.mode == MICROPILOT_AUTO; i++) {
		if (compute(s, s->mods[i], &l, &ms) < 0) {
			rc = EXIT_FAILED;
			break;
		}
		if (ms.borderline)
			cJSON_AddItemToArray(list, cJSON_CreateString(s->mods[i]->path));
	}
	if (rc == EXIT_OK && jsonout_save(s->o.queue, list) < 0)
		rc = EXIT_FAILED;
	cJSON_Delete(list);
	return rc;
}

static void scoring_release(struct scoring *s)
{
	metricsdb_close(s->db);
	cJSON_Delete(s->scores);
	cJSON_Delete(s->lines);
	cJSON_Delete(s->hist);
	impact_free(s->im);
	scoreres_release(&s->rs);
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
		scoreres_collect(&s.rs, o->data);
		s.mods = s.rs.v;
		s.nmods = s.rs.n;
		rc = o->queue ? write_queue(&s) : score_all(&s);
	}
	scoring_release(&s);
	return rc;
}
