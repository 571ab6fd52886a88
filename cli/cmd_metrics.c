/* cmd_metrics.c: "menace metrics", the Prometheus text exposition of the
 * sandbox metrics (rules/sandboxmetrics.h) and, later, the build's own. */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "base/buf.h"
#include "cli/cli.h"
#include "cli/httpserve.h"
#include "base/opt.h"
#include "rules/sandboxmetrics.h"
#include "base/path.h"
#include "engine/state.h"
#include "engine/workspace.h"
#include "base/util.h"

static const char metrics_usage[] =
	"usage: menace metrics [--data DIR] [--serve [ADDR:]PORT]\n"
	"\n"
	"Prints the sandbox metrics of DIR/metrics.db (SANDBOX_DATA_DIR, default\n"
	"sandbox_data, relative to the manifest's directory; --data DIR relative\n"
	"to the current one) in the Prometheus text format on stdout (see\n"
	"docs/sandbox.md): the gauges\n"
	"orphan_modules_{tested,reintroduced,failed,redundant,legacy} of the\n"
	"latest integrate run, the counters self_test_{passed,failed}_total and\n"
	"self_test_average_runtime_seconds per scenario. A missing database gives\n"
	"zeros and is not created. --data-dir is --data.\n"
	"Then the build counters of the build log in the state's menace.db\n"
	"(.menace/, or DIR when SANDBOX_DATA_DIR or --data names it), summed over\n"
	"every finished build: menace_builds_total, menace_rules_run_total,\n"
	"menace_rules_cached_total (up to date), menace_rules_restored_total (from\n"
	"the cache), menace_rules_failed_total, menace_rules_skipped_total, and\n"
	"menace_build_duration_seconds{command,status} of the last finished build\n"
	"(0 and no labels when there is none). A missing menace.db gives zeros.\n"
	"--serve [ADDR:]PORT (METRICS_PORT when no flag is given): print nothing but\n"
	"serve that text over HTTP on /metrics (made afresh for each request; GET\n"
	"and HEAD; 404 elsewhere) on ADDR (default 127.0.0.1; PORT 0: any free port),\n"
	"one client at a time, until SIGINT or SIGTERM (exit 130); it prints\n"
	"'menace: serving http://ADDR:PORT/metrics' on stderr once listening.\n"
	"Exit 0, 2 on bad usage (a bad or busy address), 3 when metrics.db or\n"
	"menace.db cannot be used.\n";

static const struct {
	const char *name, *help;
} counters[5] = {
	{"menace_rules_run_total", "rules run (their command or action executed)"},
	{"menace_rules_cached_total", "rules found up to date"},
	{"menace_rules_restored_total", "rules whose outputs were restored from the cache"},
	{"menace_rules_failed_total", "rules that failed"},
	{"menace_rules_skipped_total", "rules not run because a dependency failed or the build stopped"},
};

/* a Prometheus label value: backslash, quote and newline escaped */
static void put_label(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(b, '\\');
		if (*s == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, *s);
	}
}

/* the engine's counters from the build log of DIR/menace.db (read-only) */
static int build_metrics(struct buf *out, const char *data)
{
	char *db = path_join(data, "menace.db");
	struct state *st = state_open(db, 1);
	struct state_counts c;
	int i, rc;

	free(db);
	if (!st)
		return -1;
	rc = state_counts(st, &c);
	state_close(st);
	if (rc < 0)
		return -1;
	buf_printf(out, "# HELP menace_builds_total builds recorded in the build log\n"
	                "# TYPE menace_builds_total counter\n"
	                "menace_builds_total %lld\n", c.builds);
	for (i = 0; i < 5; i++)
		buf_printf(out, "# HELP %s %s, summed over every build\n# TYPE %s counter\n%s %lld\n",
		           counters[i].name, counters[i].help, counters[i].name, counters[i].name,
		           c.total[i]);
	buf_printf(out, "# HELP menace_build_duration_seconds wall time of the last build\n"
	                "# TYPE menace_build_duration_seconds gauge\n");
	if (c.has_last) {
		buf_printf(out, "menace_build_duration_seconds{command=\"");
		put_label(out, c.last_command);
		buf_printf(out, "\",status=\"%d\"} %.6f\n", c.last_status,
		           (double)c.last_duration_ns / 1e9);
	} else {
		buf_printf(out, "menace_build_duration_seconds 0\n");
	}
	return 0;
}

/* where the text comes from: metrics.db and menace.db */
struct source {
	const char *data, *statedir;
};

/* the whole text into out: 0, or -1 after a warning */
static int metrics_text(void *arg, struct buf *out)
{
	const struct source *src = arg;

	if (sandbox_metrics_write(out, src->data) < 0)
		return -1;
	return build_metrics(out, src->statedir);
}

int cmd_metrics(int argc, char **argv, const struct workspace_opts *g)
{
	const char *def = cli_datadir(), *serve = NULL;
	struct source src = {def, NULL};
	struct buf out = BUF_INIT;
	const struct opt opts[] = {
		OPT_STR(0, "data", &src.data, NULL),
		OPT_STR(0, "data-dir", &src.data, NULL),
		OPT_STR(0, "serve", &serve, "METRICS_PORT"),
	};
	int rc = EXIT_OK;
	char cwd[PATH_MAX], *data = NULL;

	if (opt_help(argc, argv, metrics_usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, 3, OPT_LOOSE | OPT_NO_OPERANDS, metrics_usage) < 0)
		return EXIT_USAGE;
	/* --data DIR is a run of its own, as SANDBOX_DATA_DIR=DIR is; named
	 * from here, while the defaults are relative to the manifest's
	 * directory (the current one when there is no manifest) */
	if (src.data != def && src.data[0] != '/' && getcwd(cwd, sizeof(cwd)))
		src.data = data = path_join(cwd, src.data);
	if (workspace_enter_any(g) != 0) {
		free(data);
		return EXIT_USAGE;
	}
	src.statedir = src.data != def ? src.data : g->statedir;
	if (serve) {
		struct httpserve h = {serve, "/metrics", "text/plain; version=0.0.4; charset=utf-8",
		                      metrics_text, &src};

		rc = httpserve_run(&h);
		free(data);
		return rc;
	}
	if (metrics_text(&src, &out) < 0)
		rc = EXIT_STATE;
	else
		fwrite(out.s ? out.s : "", 1, out.len, stdout);
	buf_free(&out);
	free(data);
	return rc;
}
