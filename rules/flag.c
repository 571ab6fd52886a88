/* flag.c: the flag stage: plateaued modules, resets and the alignment
 * check of HEAD. Formats: flag.h; the command line: cli/cmd_flag.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/alignment.h"
#include "base/buf.h"
#include "rules/flag.h"
#include "base/fsio.h"
#include "rules/jsondoc.h"
#include "rules/plateau.h"
#include "base/path.h"
#include "rules/score.h"
#include "base/util.h"

/* the numbers of a JSON array from index skip on, in *n */
static double *numbers(const cJSON *arr, int skip, size_t *n)
{
	double *v = NULL;
	size_t cap = 0;
	const cJSON *e;
	int i = 0;

	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		if (i++ < skip || !cJSON_IsNumber(e))
			continue;
		growarray(&v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = e->valuedouble;
	}
	return v;
}

double plateau_diminishing(const cJSON *history, const cJSON *scores, const char *path,
                           double roi_threshold)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(scores, path), "diminishing");
	size_t n;
	double *v, sd;

	if (roi_threshold >= 0)
		return roi_threshold;
	if (cJSON_IsNumber(d))
		return d->valuedouble;
	v = numbers(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(history, "module_deltas"), path), 0, &n);
	sd = n > 5 ? score_std(v + n - 5, 5) : score_std(v, n);
	free(v);
	return score_diminishing(NAN, sd);
}

static int reset_offset(const cJSON *resets, const char *path, const char *kind)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(resets, path), kind);

	return cJSON_IsNumber(v) ? v->valueint : 0;
}

static int entropy_plateau(const cJSON *deltas, int skip, double threshold, int n)
{
	size_t len, i;
	double *v = numbers(deltas, skip, &len);
	int flat = len >= (size_t)n;

	for (i = len >= (size_t)n ? len - (size_t)n : 0; flat && i < len; i++)
		if (fabs(v[i]) > threshold)
			flat = 0;
	free(v);
	return flat;
}

static int roi_plateau(const cJSON *deltas, int skip, double threshold, int n)
{
	size_t len, i;
	double *v = numbers(deltas, skip, &len), mean = 0;
	int flat = 0;

	if (len >= (size_t)n) {
		for (i = len - (size_t)n; i < len; i++)
			mean += v[i];
		mean /= n;
		flat = fabs(mean) <= threshold && score_std(v + len - n, (size_t)n) < 1e-3;
	}
	free(v);
	return flat;
}

/* the entry of the flags named s, or NULL */
static const cJSON *flagged(const cJSON *flags, const char *s)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, flags)
		if (flag_entry_name(e) && strcmp(flag_entry_name(e), s) == 0)
			return e;
	return NULL;
}

static cJSON *sorted_set(const cJSON *arr);

static double threshold_of(const cJSON *history, const struct plateau_opts *o, const char *path)
{
	return o->fixed >= 0 ? o->fixed : plateau_diminishing(history, o->scores, path, o->roi_threshold);
}

const cJSON *plateau_deltas(const cJSON *history, const char *path)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(history, "module_information_deltas"), path);

	return l ? l : cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(history, "module_entropy_deltas"), path);
}

cJSON *plateau_modules(const cJSON *history, const struct plateau_opts *o)
{
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(history, "module_information_deltas");
	const cJSON *ent = cJSON_GetObjectItemCaseSensitive(history, "module_entropy_deltas");
	const cJSON *roi = cJSON_GetObjectItemCaseSensitive(history, "module_deltas");
	const cJSON *lists[2] = {info, ent};
	cJSON *found = cJSON_CreateArray(), *out, *e;
	int n = o->n < 1 ? 1 : o->n, k;

	for (k = 0; k < 2; k++)
		cJSON_ArrayForEach(e, lists[k])
			if (e == plateau_deltas(history, e->string) &&
			    entropy_plateau(e, reset_offset(o->resets, e->string, "entropy"),
			                    threshold_of(history, o, e->string), n))
				cJSON_AddItemToArray(found, cJSON_CreateString(e->string));
	cJSON_ArrayForEach(e, roi)
		if (roi_plateau(e, reset_offset(o->resets, e->string, "roi"),
		                threshold_of(history, o, e->string), n))
			cJSON_AddItemToArray(found, cJSON_CreateString(e->string));
	/* sorted_set drops a module found by both rules */
	out = sorted_set(found);
	cJSON_Delete(found);
	return out;
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(flag_entry_name(*(cJSON *const *)a), flag_entry_name(*(cJSON *const *)b));
}

/* a copy of the items of arr with a name (strings, or flags entries of
 * either format), sorted by it, the first of each name kept */
static cJSON *sorted_set(const cJSON *arr)
{
	cJSON **v = NULL, *out = cJSON_CreateArray();
	const cJSON *e;
	size_t n = 0, cap = 0, i;

	cJSON_ArrayForEach(e, arr) {
		if (!flag_entry_name(e))
			continue;
		growarray(&v, &cap, n + 1, sizeof(*v));
		v[n++] = (cJSON *)e;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_items);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(flag_entry_name(v[i]), flag_entry_name(v[i - 1])) != 0)
			cJSON_AddItemToArray(out, cJSON_Duplicate(v[i], 1));
	free(v);
	return out;
}

/* load an optional JSON file that must have a given type; -1 after a warning */
static int load_typed(const char *path, cJSON **out, int want_array)
{
	if (jsondoc_load(path, out) < 0)
		return -1;
	if (*out && (want_array ? !cJSON_IsArray(*out) : !cJSON_IsObject(*out))) {
		cJSON_Delete(*out);
		*out = NULL;
		return error("%s: expected %s", path, want_array ? "a JSON array" : "a JSON object");
	}
	return 0;
}

/* the files of one flag run */
struct flagfiles {
	char *flags, *resets, *hist, *scores;
};

/* resets[path] = {"entropy": e, "roi": r} */
static void set_reset(cJSON *resets, const char *path, int e, int r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "entropy", e);
	cJSON_AddNumberToObject(o, "roi", r);
	cJSON_DeleteItemFromObjectCaseSensitive(resets, path);
	cJSON_AddItemToObject(resets, path, o);
}

static int roi_len(const cJSON *hist, const char *path)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(hist, "module_deltas"), path));
}

static int do_reset(const struct flagfiles *f, const char *const *paths, size_t npaths)
{
	cJSON *flags = NULL, *resets = NULL, *hist = NULL, *kept, *sorted, *e;
	int rc = -1;
	size_t i;

	if (load_typed(f->flags, &flags, 1) < 0 || load_typed(f->resets, &resets, 0) < 0 ||
	    load_typed(f->hist, &hist, 0) < 0)
		goto out;
	if (!resets)
		resets = cJSON_CreateObject();
	for (i = 0; i < npaths; i++) {
		if (!flagged(flags, paths[i]))
			warn("'%s' is not flagged", paths[i]);
		/* forget the history so far: a plateau must build up again */
		set_reset(resets, paths[i], cJSON_GetArraySize(plateau_deltas(hist, paths[i])),
		          roi_len(hist, paths[i]));
	}
	kept = cJSON_CreateArray();
	cJSON_ArrayForEach(e, flags) {
		int drop = 0;

		for (i = 0; flag_entry_name(e) && i < npaths; i++)
			if (strcmp(flag_entry_name(e), paths[i]) == 0)
				drop = 1;
		if (!drop)
			cJSON_AddItemToArray(kept, cJSON_Duplicate(e, 1));
	}
	sorted = sorted_set(kept);
	if (jsondoc_save(f->resets, resets) == 0 && jsondoc_save(f->flags, sorted) == 0)
		rc = 0;
	cJSON_Delete(kept);
	cJSON_Delete(sorted);
out:
	cJSON_Delete(flags);
	cJSON_Delete(resets);
	cJSON_Delete(hist);
	return rc;
}

/* a flags entry for path bound to the content of its files now */
static cJSON *bind_now(const struct flag_opts *o, const cJSON *hist, const char *path)
{
	return flag_entry_new(o->repo, o->data, path, cJSON_GetArraySize(plateau_deltas(hist, path)),
	                      roi_len(hist, path));
}

/* the flags that still hold, into kept: an entry whose files changed since
 * it was flagged is dropped and its plateau count restarts from then (its
 * resets become its history lengths when flagged); a format-1 entry is
 * bound to its files now. 1 when resets changed */
static int keep_holding(const struct flag_opts *o, const cJSON *flags, const cJSON *hist, cJSON *resets,
                        cJSON *kept)
{
	const cJSON *e;
	int changed = 0;

	cJSON_ArrayForEach(e, flags) {
		const char *name = flag_entry_name(e);
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(e, "history");
		const cJSON *he = cJSON_GetObjectItemCaseSensitive(h, "entropy");
		const cJSON *hr = cJSON_GetObjectItemCaseSensitive(h, "roi");

		if (!name)
			continue;
		if (!cJSON_GetObjectItemCaseSensitive(e, "unchanged")) {
			cJSON_AddItemToArray(kept, bind_now(o, hist, name));
		} else if (flag_entry_holds(e)) {
			cJSON_AddItemToArray(kept, cJSON_Duplicate(e, 1));
		} else {
			warn("%s changed since it was flagged complete: tested again, its plateau count restarts",
			     name);
			set_reset(resets, name,
			          cJSON_IsNumber(he) ? he->valueint : cJSON_GetArraySize(plateau_deltas(hist, name)),
			          cJSON_IsNumber(hr) ? hr->valueint : roi_len(hist, name));
			changed = 1;
		}
	}
	return changed;
}

/* the summary line on stdout, like integrate's per-module lines */
static void summary(const cJSON *flags)
{
	const cJSON *e;
	int n = cJSON_GetArraySize(flags);

	printf("flagged complete: %d module%s", n, n == 1 ? "" : "s");
	cJSON_ArrayForEach(e, flags)
		printf("%s%s", e == flags->child ? " (" : ", ", flag_entry_name(e));
	printf("%s\n", flags->child ? ")" : "");
}

static int do_plateau(const struct flag_opts *fo, const struct flagfiles *f, struct plateau_opts *o)
{
	cJSON *flags = NULL, *resets = NULL, *hist = NULL, *scores = NULL, *found = NULL, *kept, *e, *merged;
	struct buf fresh = BUF_INIT;
	int rc = -1, reset;

	if (load_typed(f->flags, &flags, 1) < 0 || load_typed(f->resets, &resets, 0) < 0 ||
	    load_typed(f->hist, &hist, 0) < 0 || load_typed(f->scores, &scores, 0) < 0)
		goto out;
	if (!resets)
		resets = cJSON_CreateObject();
	kept = cJSON_CreateArray();
	reset = keep_holding(fo, flags, hist, resets, kept);
	o->scores = scores;
	o->resets = resets;
	found = plateau_modules(hist, o);
	cJSON_ArrayForEach(e, found) {
		if (flagged(kept, e->valuestring))
			continue;
		cJSON_AddItemToArray(kept, bind_now(fo, hist, e->valuestring));
		buf_printf(&fresh, "%s%s", fresh.len ? " " : "", e->valuestring);
	}
	merged = sorted_set(kept);
	cJSON_Delete(kept);
	if (fresh.len)
		warn("sandbox diminishing: %s", fresh.s);
	summary(merged);
	rc = jsondoc_save(f->flags, merged);
	if (rc == 0 && reset)
		rc = jsondoc_save(f->resets, resets);
	cJSON_Delete(merged);
out:
	buf_free(&fresh);
	cJSON_Delete(found);
	cJSON_Delete(flags);
	cJSON_Delete(resets);
	cJSON_Delete(hist);
	cJSON_Delete(scores);
	return rc;
}

/* 1 when a line of the jsonl text has "commit": id */
static int logged(const char *text, const char *id)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		cJSON *o = cJSON_Parse(line);
		const char *c = jsondoc_str(cJSON_GetObjectItemCaseSensitive(o, "commit"));
		int same = c && strcmp(c, id) == 0;

		cJSON_Delete(o);
		free(line);
		if (same)
			return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

static int do_alignment(const char *repo, const char *jsonl, double warning, double failure)
{
	struct align_report r;
	double severity;
	char *text, *line;
	struct buf out = BUF_INIT;
	cJSON *o, *rep, *issues;
	size_t i, len = 0;
	int rc;

	rc = alignment_check_repo(repo, &r);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	severity = alignment_severity(&r);
	if (severity < warning || r.nissues == 0) {
		alignment_report_release(&r);
		return 0;
	}
	text = read_file(jsonl, &len);
	if (text && logged(text, r.commit)) {
		/* re-running flag on the same HEAD adds nothing */
		free(text);
		alignment_report_release(&r);
		return 0;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "commit", r.commit);
	cJSON_AddNumberToObject(o, "score", alignment_score(&r));
	cJSON_AddNumberToObject(o, "severity", severity);
	cJSON_AddBoolToObject(o, "escalated", severity >= failure);
	rep = cJSON_AddObjectToObject(o, "report");
	cJSON_AddNumberToObject(rep, "lines_added", (double)r.lines_added);
	cJSON_AddNumberToObject(rep, "lines_removed", (double)r.lines_removed);
	issues = cJSON_AddArrayToObject(rep, "issues");
	for (i = 0; i < r.nissues; i++) {
		cJSON *is = cJSON_CreateObject();

		cJSON_AddNumberToObject(is, "severity", r.issues[i].tier / 4.0);
		cJSON_AddNumberToObject(is, "tier", r.issues[i].tier);
		cJSON_AddStringToObject(is, "message", r.issues[i].message);
		cJSON_AddItemToArray(issues, is);
	}
	line = jsondoc_line(o);
	if (text) {
		buf_put(&out, text, len);
		if (len && text[len - 1] != '\n')
			buf_putc(&out, '\n');
	}
	buf_printf(&out, "%s\n", line);
	rc = write_file_atomic(jsonl, out.s, out.len);
	if (rc == 0)
		warn("%s: commit %.12s severity %.2f (%zu issue%s)",
		     severity >= failure ? "alignment_failure" : "alignment_warning",
		     r.commit, severity, r.nissues, r.nissues == 1 ? "" : "s");
	free(line);
	free(text);
	buf_free(&out);
	cJSON_Delete(o);
	alignment_report_release(&r);
	return rc;
}

int flag_run(const struct flag_opts *o)
{
	struct flagfiles f;
	char *jsonl = path_join(o->data, "alignment_flags.jsonl");
	struct plateau_opts po = {o->threshold, o->roi_threshold, NULL, NULL, o->consecutive};
	int rc = EXIT_FAILED;

	f.flags = path_join(o->data, "sandbox_meta.log.flags");
	f.resets = path_join(o->data, "sandbox_meta.log.resets");
	f.hist = o->history ? xstrdup(o->history) : path_join(o->data, "roi_history.json");
	f.scores = o->scores ? xstrdup(o->scores) : path_join(o->data, "scores.json");
	if (o->nresets) {
		if (do_reset(&f, o->resets, o->nresets) == 0)
			rc = EXIT_OK;
		goto out;
	}
	if (do_plateau(o, &f, &po) < 0)
		goto out;
	if (o->alignment && do_alignment(o->repo, jsonl, o->warning, o->failure) < 0)
		goto out;
	/* the stage's outputs always exist, so a use: rule can declare them */
	if (access(jsonl, F_OK) != 0 && write_file_atomic(jsonl, "", 0) < 0)
		goto out;
	rc = EXIT_OK;
out:
	free(f.flags);
	free(f.resets);
	free(f.hist);
	free(f.scores);
	free(jsonl);
	return rc;
}
