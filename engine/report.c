/* report.c: all terminal output of a build, and its JSON Lines events. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "graph/graph.h"
#include "engine/report.h"
#include "base/util.h"

struct report {
	int quiet, explain, tty, color, verbose, list, silent;
	const struct edge *would;   /* report_would_run's rule, for its rule_end */
	char *would_line;
	FILE *json;
	const struct report_sink *sink;
	size_t total, done;
	int line_open;    /* a progress line is on the terminal */
};

static const char *const names[RS_N] = {"ran", "cached", "restored", "failed", "skipped", "would_run"};

const char *rstatus_name(enum rstatus s)
{
	return names[s];
}

/* a variable set to something other than "" and "0" */
static int env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

int report_smart_terminal(int fd)
{
	const char *term = getenv("TERM");

	return isatty(fd) && !(term && strcmp(term, "dumb") == 0);
}

int report_color(int fd)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return env_on("CLICOLOR_FORCE") || report_smart_terminal(fd);
}

struct report *report_new(int quiet, int explain, FILE *json)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->quiet = quiet;
	r->explain = explain;
	r->json = json;
	/* JSON log lines (SANDBOX_JSON_LOGS) are never rewritten in place */
	r->tty = report_smart_terminal(2) && !log_is_json();
	r->color = report_color(2) && !log_is_json();
	return r;
}

/* the terminal's width in columns: stderr's, else COLUMNS, else 80 */
static size_t term_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c && atoi(c) > 0)
		return (size_t)atoi(c);
	return 80;
}

/* the characters (UTF-8 sequences) of s[0..n) */
static size_t columns(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* the byte offset after the first k characters of s */
static size_t skip_chars(const char *s, size_t k)
{
	size_t i = 0;

	while (s[i] && k) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* rewrite the progress line "[done/total] description" in place, cut to
 * the terminal's width less one column (so the cursor never wraps): a
 * long description loses its middle to "..." as in ninja */
static void put_status(struct report *r, const struct edge *e)
{
	char head[64];
	const char *d = edge_desc(e);
	size_t width = term_width(), hn, dn = strlen(d), dc = columns(d, dn), room;

	hn = (size_t)snprintf(head, sizeof(head), "[%zu/%zu] ", r->done, r->total);
	room = width > hn + 1 ? width - hn - 1 : 0;
	fputs("\r", stderr);
	if (hn >= width) {
		fprintf(stderr, "%.*s", (int)(width > 1 ? width - 1 : 0), head);
	} else if (dc <= room) {
		fprintf(stderr, "%s%s", head, d);
	} else if (room <= 3) {
		fprintf(stderr, "%s%.*s", head, (int)skip_chars(d, room), d);
	} else {
		size_t left = (room - 3) / 2, right = room - 3 - left;
		size_t lb = skip_chars(d, left), rb = skip_chars(d, dc - right);

		fprintf(stderr, "%s%.*s...%s", head, (int)lb, d, d + rb);
	}
	fputs("\033[K", stderr);
	r->line_open = 1;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->would_line);
	free(r);
}

void report_set_sink(struct report *r, const struct report_sink *sink)
{
	r->sink = sink;
}

void report_set_output(struct report *r, int verbose, int list, int silent)
{
	r->verbose = verbose;
	r->list = list;
	r->silent = silent;
}

static void emit(struct report *r, cJSON *o)
{
	char *s;

	if (!r->json) {
		cJSON_Delete(o);
		return;
	}
	cJSON_AddNumberToObject(o, "time", (double)wall_ns() / 1e9);
	s = cJSON_PrintUnformatted(o);
	fputs(s, r->json);
	fputc('\n', r->json);
	fflush(r->json);
	cJSON_free(s);
	cJSON_Delete(o);
}

static cJSON *event(const char *name)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "event", name);
	return o;
}

/* a child menace's JSON log line, with "rule" added when it has none */
static void pass_log_line(const struct edge *e, const char *line, size_t n)
{
	cJSON *name;
	char *q;
	size_t i;

	for (i = 0; i + 7 <= n; i++)
		if (memcmp(line + i, "\"rule\":", 7) == 0) {
			fprintf(stderr, "%.*s\n", (int)n, line);
			return;
		}
	name = cJSON_CreateString(e->name);
	q = cJSON_PrintUnformatted(name);
	fprintf(stderr, "%.*s,\"rule\":%s}\n", (int)n - 1, line, q);
	cJSON_free(q);
	cJSON_Delete(name);
}

/* a rule's output on stderr; as JSON log lines, one info line per line of
 * it (a child menace's own JSON log line as it is) */
static void put_output(const struct edge *e, const char *output, size_t outlen)
{
	const char *fields[] = {"rule", e->name, NULL};
	const char *p = output, *end = output + outlen, *nl;

	if (!log_is_json()) {
		fwrite(output, 1, outlen, stderr);
		if (output[outlen - 1] != '\n')
			fputc('\n', stderr);
		return;
	}
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl - p > 10 && strncmp(p, "{\"level\":", 9) == 0 && nl[-1] == '}')
			pass_log_line(e, p, (size_t)(nl - p));
		else if (nl > p)
			logmsg(LOG_INFO, fields, "%.*s", (int)(nl - p), p);
	}
}

static void clear_line(struct report *r)
{
	if (r->line_open) {
		fputs("\r\033[K", stderr);
		r->line_open = 0;
	}
}

void report_build_start(struct report *r, size_t total, int jobs, int dry_run)
{
	cJSON *o = event("build_start");

	r->total = total;
	cJSON_AddNumberToObject(o, "rules", (double)total);
	cJSON_AddNumberToObject(o, "jobs", jobs);
	cJSON_AddBoolToObject(o, "dry_run", dry_run);
	emit(r, o);
}

void report_add_total(struct report *r, size_t n)
{
	r->total += n;
}

void report_removed(struct report *r, const char *name, const char *path, const char *reason)
{
	cJSON *o = event("output_removed");

	cJSON_AddStringToObject(o, "rule", name);
	cJSON_AddStringToObject(o, "path", path);
	cJSON_AddStringToObject(o, "reason", reason);
	emit(r, o);
	if (!r->quiet) {
		const char *fields[] = {"rule", name, "path", path, NULL};

		clear_line(r);
		logmsg(LOG_INFO, fields, "removed '%s' (%s: %s)", path, reason, name);
	}
}

void report_rule_start(struct report *r, const struct edge *e, const char *reason)
{
	cJSON *o = event("rule_start");

	cJSON_AddStringToObject(o, "rule", e->name);
	cJSON_AddStringToObject(o, "reason", reason ? reason : "");
	emit(r, o);
	if (r->explain) {
		const char *fields[] = {"rule", e->name, NULL};

		clear_line(r);
		logmsg(LOG_INFO, fields, "explain '%s': %s", e->name, reason ? reason : "");
	}
	if (!r->quiet && r->tty) {
		put_status(r, e);
		fflush(stderr);
	}
}

/* "rule 'x' failed (why)" and the command that failed */
static void report_failed(struct report *r, const struct edge *e, const char *failure)
{
	if (log_is_json()) {
		const char *fields[] = {"rule", e->name, e->command ? "command" : "use",
		                        e->command ? e->command : e->action, NULL};

		logmsg(LOG_ERROR, fields, "rule '%s' failed (%s)",
		       e->name, failure ? failure : "failed");
		return;
	}
	fprintf(stderr, "%smenace: rule '%s' failed (%s)%s\n", r->color ? "\033[1;31m" : "",
	        e->name, failure ? failure : "failed", r->color ? "\033[0m" : "");
	if (e->command)
		fprintf(stderr, "  $ %s\n", e->command);
	else if (e->action)
		fprintf(stderr, "  use: %s with %s\n", e->action, e->with ? e->with : "{}");
}

void report_rule_end(struct report *r, const struct edge *e, enum rstatus st, double secs,
                     const char *reason, const char *output, size_t outlen, const char *failure)
{
	r->done++;
	if (r->json) {
		cJSON *o = event("rule_end");

		cJSON_AddStringToObject(o, "rule", e->name);
		cJSON_AddStringToObject(o, "status", names[st]);
		cJSON_AddNumberToObject(o, "duration", secs);
		cJSON_AddStringToObject(o, "reason", reason ? reason : "");
		if (st == RS_WOULD && r->would == e && r->would_line)
			cJSON_AddStringToObject(o, "command", r->would_line);
		if (st == RS_FAILED && failure)
			cJSON_AddStringToObject(o, "error", failure);
		emit(r, o);
	}
	if (r->sink)
		r->sink->rule_end(r->sink->ctx, e, st, secs, reason, output, outlen, failure);
	if (r->silent)
		return;
	if (st == RS_FAILED) {
		clear_line(r);
		report_failed(r, e, failure);
		if (outlen)
			put_output(e, output, outlen);
		return;
	}
	if (st != RS_RAN || r->quiet) {
		if (st == RS_RAN && outlen) {
			clear_line(r);
			put_output(e, output, outlen);
		}
		return;
	}
	if (r->tty) {
		put_status(r, e);
		if (outlen) {
			fputc('\n', stderr);
			r->line_open = 0;
		}
	} else if (log_is_json()) {
		char done[24], total[24];
		const char *fields[] = {"rule", e->name, "done", done, "total", total, NULL};

		snprintf(done, sizeof(done), "%zu", r->done);
		snprintf(total, sizeof(total), "%zu", r->total);
		logmsg(LOG_INFO, fields, "[%zu/%zu] %s", r->done, r->total, edge_desc(e));
	} else {
		fprintf(stderr, "[%zu/%zu] %s\n", r->done, r->total, edge_desc(e));
	}
	if (outlen)
		put_output(e, output, outlen);
	fflush(stderr);
}

void report_command(struct report *r, const struct edge *e, const char *line)
{
	const char *fields[] = {"rule", e->name, NULL};

	if (!r->verbose)
		return;
	clear_line(r);
	if (log_is_json())
		logmsg(LOG_INFO, fields, "%s", line);
	else
		fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

void report_would_run(struct report *r, const struct edge *e, const char *reason, const char *line)
{
	free(r->would_line);
	r->would = e;
	r->would_line = xstrdup(line);
	if (r->json == stdout)
		return;
	if (r->list == REPORT_LIST_REASONS) {
		printf("%s: %s\n", e->name, reason);
		return;
	}
	if (r->explain)
		printf("# %s: %s\n", e->name, reason);
	printf("%s\n", line);
}

void report_build_end(struct report *r, const long long c[RS_N], double secs, int status,
                      int dry_run, int interrupted)
{
	cJSON *o = event("build_end");
	char restored[40], skipped[40];
	int i;

	for (i = 0; i < RS_N; i++)
		cJSON_AddNumberToObject(o, names[i], (double)c[i]);
	cJSON_AddNumberToObject(o, "duration", secs);
	cJSON_AddNumberToObject(o, "exit", status);
	emit(r, o);
	clear_line(r);
	if (r->quiet)
		return;
	if (interrupted)
		note("interrupted");
	if (dry_run) {
		note("%lld would run, %lld up to date (dry run)", c[RS_WOULD], c[RS_CACHED]);
		return;
	}
	snprintf(restored, sizeof(restored), "%lld restored, ", c[RS_RESTORED]);
	snprintf(skipped, sizeof(skipped), ", %lld skipped", c[RS_SKIPPED]);
	note("%lld ran, %s%lld up to date, %lld failed%s in %.2fs", c[RS_RAN],
	     c[RS_RESTORED] ? restored : "", c[RS_CACHED], c[RS_FAILED],
	     c[RS_SKIPPED] ? skipped : "", secs);
}
