/* htmlreport.c: the sandbox's HTML report (htmlreport.h): its data read
 * from the data directory, its sections written as one document. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/htmlreport.h"
#include "rules/jsondoc.h"
#include "rules/presets.h"
#include "rules/svgplot.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/strset.h"
#include "base/util.h"
#include "base/xmlesc.h"

/* what the report reads; each NULL when its file is missing */
struct data {
	const char *dir;
	cJSON *scores, *history, *map, *orphans, *flags;
	cJSON *matrix;           /* {module: {"scenario-level": passed}} */
	struct strset cols;      /* the matrix's columns, sorted by col_cmp */
};

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
	"table{border-collapse:collapse;margin:.5em 0 1.5em}"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
	"th{background:#f3f3f3}td.pass{background:#d9f2d9}td.fail{background:#f6d3d3}"
	"td.none{color:#999}td.num{text-align:right;font-variant-numeric:tabular-nums}"
	".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0 0 1em}"
	"figcaption{font-size:12px;color:#555}svg .axis{stroke:#888}"
	"svg .tick{font-size:10px;fill:#555}svg .line{stroke-width:1.5}"
	"svg .edge{stroke:#888;fill:none}svg .node rect{fill:#eef;stroke:#558}"
	"svg .node text{font-size:11px}code{font-size:13px}";

static void put(struct buf *b, const char *s)
{
	buf_putxmls(b, s, 0);
}

static void putattr(struct buf *b, const char *s)
{
	buf_putxmls(b, s, 1);
}

static void num_cell(struct buf *b, const cJSON *v)
{
	if (cJSON_IsNumber(v))
		buf_printf(b, "<td class=\"num\">%.4g</td>", v->valuedouble);
	else
		buf_puts(b, "<td class=\"none\">-</td>");
}

/* a file of the data directory: 0 (*out NULL when missing), or -1 */
static int load(const char *dir, const char *name, cJSON **out)
{
	char *p = path_join(dir, name);
	int rc = jsondoc_load(p, out);

	free(p);
	return rc < 0 ? -1 : 0;
}

/* the order of the matrix's columns: canonical scenarios in their order,
 * then the others by name; low before high */
static int col_rank(const char *col, size_t *scen_len)
{
	const char *dash = strrchr(col, '-');
	size_t i, n = dash ? (size_t)(dash - col) : strlen(col);

	*scen_len = n;
	for (i = 0; i < presets_count(); i++)
		if (strlen(presets_name(i)) == n && strncmp(presets_name(i), col, n) == 0)
			return (int)i;
	return (int)presets_count();
}

static int col_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx, ny;
	int rx = col_rank(x, &nx), ry = col_rank(y, &ny), c;

	if (rx != ry)
		return rx - ry;
	if ((c = strncmp(x, y, nx < ny ? nx : ny)) || nx != ny)
		return c ? c : (nx < ny ? -1 : 1);
	/* the same scenario: "low" < "high" by level, not by letters */
	return presets_level(x + nx + 1) - presets_level(y + ny + 1);
}

/* the results of one module: DATA/selftest/PATH/<scenario>-<level>.json */
static void module_results(struct data *d, const char *path)
{
	char *sub = xasprintf("selftest/%s", path), *dir = path_join(d->dir, sub);
	cJSON *row = cJSON_AddObjectToObject(d->matrix, path);
	struct dirent *de;
	DIR *dp = opendir(dir);

	while (dp && (de = readdir(dp))) {
		size_t n = strlen(de->d_name);
		cJSON *r = NULL;
		const char *scen, *lvl;
		char *col;

		if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0 || load(dir, de->d_name, &r) < 0 || !r)
			continue;
		scen = jsondoc_str(cJSON_GetObjectItemCaseSensitive(r, "scenario"));
		lvl = jsondoc_str(cJSON_GetObjectItemCaseSensitive(r, "level"));
		if (scen && cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(r, "passed"))) {
			col = xasprintf("%s-%s", presets_canonical(scen) ? presets_canonical(scen) : scen,
			                lvl ? lvl : "low");
			cJSON_DeleteItemFromObjectCaseSensitive(row, col);
			cJSON_AddBoolToObject(row, col, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "passed")));
			strset_add(&d->cols, col);
			free(col);
		}
		cJSON_Delete(r);
	}
	if (dp)
		closedir(dp);
	free(dir);
	free(sub);
}

static int data_load(struct data *d, const char *dir)
{
	cJSON *m;

	memset(d, 0, sizeof(*d));
	d->dir = dir;
	if (load(dir, "scores.json", &d->scores) < 0 || load(dir, "roi_history.json", &d->history) < 0 ||
	    load(dir, "module_map.json", &d->map) < 0 || load(dir, "orphan_modules.json", &d->orphans) < 0 ||
	    load(dir, "sandbox_meta.log.flags", &d->flags) < 0)
		return -1;
	if (d->scores && !cJSON_IsObject(d->scores))
		return error("%s/scores.json: not a JSON object", dir);
	d->matrix = cJSON_CreateObject();
	cJSON_ArrayForEach(m, d->scores)
		module_results(d, m->string);
	if (d->cols.n)
		qsort(d->cols.v, d->cols.n, sizeof(*d->cols.v), col_cmp);
	return 0;
}

static void data_release(struct data *d)
{
	cJSON_Delete(d->scores);
	cJSON_Delete(d->history);
	cJSON_Delete(d->map);
	cJSON_Delete(d->orphans);
	cJSON_Delete(d->flags);
	cJSON_Delete(d->matrix);
	strset_free(&d->cols);
}

/* 1 when path is flagged complete (format 1: a path; format 2: {"name"}) */
static int flagged(const struct data *d, const char *path)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, d->flags) {
		const char *name = cJSON_IsString(f) ? f->valuestring :
		                   jsondoc_str(cJSON_GetObjectItemCaseSensitive(f, "name"));

		if (name && strcmp(name, path) == 0)
			return 1;
	}
	return 0;
}

/* integrate's verdict: integrated (in the module map), rejected or
 * untested (with orphan_modules.json's reason), else scored */
static const char *status_of(const struct data *d, const char *path, const char **reason)
{
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(d->map, "modules");
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(d->orphans, path);

	*reason = jsondoc_str(cJSON_GetObjectItemCaseSensitive(o, "reason"));
	if (cJSON_GetObjectItemCaseSensitive(mods ? mods : d->map, path))
		return "integrated";
	if (*reason)
		return strcmp(*reason, "not_tested") == 0 ? "untested" : "rejected";
	return "scored";
}

static void module_row(struct buf *b, const struct data *d, const cJSON *m)
{
	const cJSON *row = cJSON_GetObjectItemCaseSensitive(d->matrix, m->string), *c;
	const char *reason, *status = status_of(d, m->string, &reason);
	size_t i;

	buf_puts(b, "<tr data-module=\"");
	putattr(b, m->string);
	buf_puts(b, "\"><td class=\"module\"><code>");
	put(b, m->string);
	buf_puts(b, "</code></td>");
	for (i = 0; i < d->cols.n; i++) {
		c = cJSON_GetObjectItemCaseSensitive(row, d->cols.v[i]);
		if (!c)
			buf_puts(b, "<td class=\"none\">-</td>");
		else
			buf_puts(b, cJSON_IsTrue(c) ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">fail</td>");
	}
	num_cell(b, cJSON_GetObjectItemCaseSensitive(m, "roi"));
	num_cell(b, cJSON_GetObjectItemCaseSensitive(m, "raroi"));
	buf_printf(b, "<td class=\"status\">%s%s</td><td class=\"reason\">", status,
	           flagged(d, m->string) ? ", flagged complete" : "");
	put(b, reason ? reason : "");
	buf_puts(b, "</td></tr>\n");
}

static void section_modules(struct buf *b, const struct data *d)
{
	const cJSON *m;
	size_t i;

	buf_puts(b, "<h2 id=\"modules\">Modules</h2>\n");
	if (!d->scores) {
		buf_puts(b, "<p>No scores.json yet: run a cycle.</p>\n");
		return;
	}
	buf_puts(b, "<table id=\"module-table\"><thead><tr><th>module</th>");
	for (i = 0; i < d->cols.n; i++) {
		buf_puts(b, "<th class=\"matrix\">");
		put(b, d->cols.v[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "<th>ROI</th><th>RAROI</th><th>status</th><th>reason</th></tr></thead><tbody>\n");
	cJSON_ArrayForEach(m, d->scores)
		if (cJSON_IsObject(m))
			module_row(b, d, m);
	buf_puts(b, "</tbody></table>\n");
}

/* a number array of the history (NULL when not one) as doubles; *n set */
static double *numbers(const cJSON *a, size_t *n)
{
	const cJSON *v;
	double *out;
	size_t i = 0;

	*n = cJSON_IsArray(a) ? (size_t)cJSON_GetArraySize(a) : 0;
	out = xcalloc(*n ? *n : 1, sizeof(*out));
	cJSON_ArrayForEach(v, a)
		out[i++] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
	return out;
}

static const cJSON *hist_of(const struct data *d, const char *member, const char *path)
{
	return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d->history, member), path);
}

static void figure(struct buf *b, const char *kind, const char *caption, const char *label,
                   const struct svgseries *s, size_t ns)
{
	buf_printf(b, "<figure class=\"plot\" data-kind=\"%s\">", kind);
	svgplot_lines(b, label, s, ns, 360, 160);
	buf_puts(b, "<figcaption>");
	put(b, caption);
	buf_puts(b, "</figcaption></figure>");
}

/* one module's plots: ROI (the running sum of its deltas) and RAROI, and
 * its entropy (the last one minus the deltas after each entry) */
static void module_plots(struct buf *b, const struct data *d, const char *path)
{
	size_t nd, nr, ne, i;
	double *roi = numbers(hist_of(d, "module_deltas", path), &nd);
	double *raroi = numbers(hist_of(d, "module_raroi", path), &nr);
	double *delta = numbers(hist_of(d, "module_entropy_deltas", path), &ne);
	double *ent = xcalloc(ne ? ne : 1, sizeof(*ent));
	const cJSON *last = hist_of(d, "module_entropy", path);
	struct svgseries s[2] = {{"ROI", roi, nd, "#1f77b4"}, {"RAROI", raroi, nr, "#d62728"}};
	char *label;

	for (i = 1; i < nd; i++)
		roi[i] += roi[i - 1];
	if (ne) {
		ent[ne - 1] = cJSON_IsNumber(last) ? last->valuedouble : NAN;
		for (i = ne - 1; i-- > 0;)
			ent[i] = ent[i + 1] - delta[i + 1];
	}
	buf_puts(b, "<section class=\"module-history\" data-module=\"");
	putattr(b, path);
	buf_puts(b, "\"><h3><code>");
	put(b, path);
	buf_puts(b, "</code></h3><div class=\"plots\">");
	label = xasprintf("ROI and RAROI of %s per scoring", path);
	figure(b, "roi", "ROI (blue) and RAROI (red) per scoring", label, s, 2);
	free(label);
	label = xasprintf("entropy of %s per scoring", path);
	s[0] = (struct svgseries){"entropy", ent, ne, "#2ca02c"};
	figure(b, "entropy", "entropy (bits) per scoring", label, s, 1);
	free(label);
	buf_puts(b, "</div></section>\n");
	free(roi);
	free(raroi);
	free(delta);
	free(ent);
}

static void section_history(struct buf *b, const struct data *d)
{
	const cJSON *m;
	size_t nr, na;
	double *roi, *raroi;
	struct svgseries s[2];

	buf_puts(b, "<h2 id=\"history\">History</h2>\n");
	if (!d->history) {
		buf_puts(b, "<p>No roi_history.json yet.</p>\n");
		return;
	}
	roi = numbers(cJSON_GetObjectItemCaseSensitive(d->history, "roi_history"), &nr);
	raroi = numbers(cJSON_GetObjectItemCaseSensitive(d->history, "raroi_history"), &na);
	s[0] = (struct svgseries){"mean ROI", roi, nr, "#1f77b4"};
	s[1] = (struct svgseries){"mean RAROI", raroi, na, "#d62728"};
	buf_puts(b, "<section class=\"overall-history\"><div class=\"plots\">");
	figure(b, "overall", "mean ROI (blue) and RAROI (red) of the modules scored, per score run",
	       "mean ROI and RAROI per score run", s, 2);
	buf_puts(b, "</div></section>\n");
	free(roi);
	free(raroi);
	cJSON_ArrayForEach(m, d->scores)
		if (cJSON_IsObject(m))
			module_plots(b, d, m->string);
}

/* fn(b, object, its 1-based number) per JSON line of DIR/name; the count */
static size_t jsonl_rows(struct buf *b, const struct data *d, const char *name,
                         void (*fn)(struct buf *b, const cJSON *o, size_t n))
{
	char *p = path_join(d->dir, name), *text = read_file(p, NULL), *line, *nl;
	size_t n = 0;

	for (line = text; line && *line; line = nl ? nl + 1 : line + strlen(line)) {
		cJSON *o;

		if ((nl = strchr(line, '\n')))
			*nl = '\0';
		if (!(o = cJSON_Parse(line)))
			continue;
		fn(b, o, ++n);
		cJSON_Delete(o);
	}
	free(text);
	free(p);
	return n;
}

static void cycle_row(struct buf *b, const cJSON *o, size_t n)
{
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(o, "timestamp");

	buf_printf(b, "<tr><td class=\"num\">%zu</td><td>", n);
	if (cJSON_IsNumber(ts)) {
		char when[32];
		time_t t = (time_t)ts->valuedouble;

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&t));
		buf_puts(b, when);
	}
	buf_puts(b, "</td>");
	num_cell(b, cJSON_GetObjectItemCaseSensitive(o, "run"));
	num_cell(b, cJSON_GetObjectItemCaseSensitive(o, "roi_threshold"));
	buf_printf(b, "<td>%s</td></tr>\n",
	           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "converged")) ? "yes" : "no");
}

/* threshold_log.jsonl: one row per cycle logged */
static void section_cycles(struct buf *b, const struct data *d)
{
	buf_puts(b, "<h2 id=\"cycles\">Cycles</h2>\n<table id=\"cycle-table\"><thead><tr><th>#</th>"
	         "<th>time (UTC)</th><th>run</th><th>ROI threshold</th><th>converged</th></tr></thead><tbody>\n");
	if (!jsonl_rows(b, d, "threshold_log.jsonl", cycle_row))
		buf_puts(b, "</tbody></table>\n<p>No cycle logged yet (menace cycle writes threshold_log.jsonl).</p>\n");
	else
		buf_puts(b, "</tbody></table>\n");
}

static void alignment_row(struct buf *b, const cJSON *o, size_t n)
{
	const cJSON *i, *report = cJSON_GetObjectItemCaseSensitive(o, "report");

	(void)n;
	buf_puts(b, "<tr><td><code>");
	put(b, jsondoc_str(cJSON_GetObjectItemCaseSensitive(o, "commit")));
	buf_puts(b, "</code></td>");
	num_cell(b, cJSON_GetObjectItemCaseSensitive(o, "severity"));
	buf_printf(b, "<td>%s</td><td>", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "escalated")) ? "yes" : "no");
	cJSON_ArrayForEach(i, cJSON_GetObjectItemCaseSensitive(report, "issues")) {
		put(b, jsondoc_str(cJSON_GetObjectItemCaseSensitive(i, "message")));
		buf_puts(b, "<br>");
	}
	buf_puts(b, "</td></tr>\n");
}

/* the flagged modules, and the commits of alignment_flags.jsonl */
static void section_flags(struct buf *b, const struct data *d)
{
	const cJSON *f;
	size_t n = 0;

	buf_puts(b, "<h2 id=\"flags\">Flagged</h2>\n<ul id=\"flagged-modules\">\n");
	cJSON_ArrayForEach(f, d->flags) {
		const char *name = cJSON_IsString(f) ? f->valuestring :
		                   jsondoc_str(cJSON_GetObjectItemCaseSensitive(f, "name"));

		if (!name)
			continue;
		buf_puts(b, "<li><code>");
		put(b, name);
		buf_puts(b, "</code>: complete (plateaued)</li>\n");
		n++;
	}
	buf_puts(b, "</ul>\n");
	if (!n)
		buf_puts(b, "<p>No module is flagged complete.</p>\n");
	buf_puts(b, "<table id=\"alignment-flags\"><thead><tr><th>commit</th><th>severity</th>"
	         "<th>escalated</th><th>issues</th></tr></thead><tbody>\n");
	jsonl_rows(b, d, "alignment_flags.jsonl", alignment_row);
	buf_puts(b, "</tbody></table>\n");
}

static void section_slow(struct buf *b, const struct htmlreport_opts *o)
{
	size_t i;

	buf_puts(b, "<h2 id=\"slowest\">Slowest rules</h2>\n<table id=\"slowest-rules\"><thead><tr>"
	         "<th>rule</th><th>status</th><th>seconds</th></tr></thead><tbody>\n");
	for (i = 0; i < o->nslow; i++) {
		buf_puts(b, "<tr><td><code>");
		put(b, o->slow[i].rule);
		buf_puts(b, "</code></td><td>");
		put(b, o->slow[i].status);
		buf_printf(b, "</td><td class=\"num\">%.3f</td></tr>\n", o->slow[i].secs);
	}
	buf_puts(b, "</tbody></table>\n");
	if (!o->nslow)
		buf_puts(b, "<p>No rule has run yet.</p>\n");
}

static void head(struct buf *b, const struct htmlreport_opts *o)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	         "style-src 'unsafe-inline'; img-src data:\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width\">\n<title>menace report</title>\n<style>");
	buf_puts(b, style);
	buf_puts(b, "</style></head><body>\n<h1>menace report</h1>\n<p>Data directory <code>");
	put(b, o->data);
	buf_puts(b, "</code>, made ");
	put(b, o->generated ? o->generated : "");
	buf_puts(b, ". <a href=\"#cycles\">Cycles</a> &middot; <a href=\"#modules\">Modules</a> &middot; "
	         "<a href=\"#history\">History</a> &middot; <a href=\"#flags\">Flagged</a> &middot; "
	         "<a href=\"#slowest\">Slowest rules</a> &middot; <a href=\"#graph\">Graph</a></p>\n");
}

int htmlreport_render(const struct htmlreport_opts *o, struct buf *out)
{
	struct data d;

	if (data_load(&d, o->data) < 0) {
		data_release(&d);
		return -1;
	}
	head(out, o);
	section_cycles(out, &d);
	section_modules(out, &d);
	section_history(out, &d);
	section_flags(out, &d);
	section_slow(out, o);
	buf_puts(out, "<h2 id=\"graph\">Graph</h2>\n");
	if (o->g)
		htmlgraph_svg(out, o->g);
	buf_puts(out, "</body></html>\n");
	data_release(&d);
	return 0;
}
