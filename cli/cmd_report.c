/* cmd_report.c: menace report [-o DIR]: the sandbox's static HTML report
 * (rules/htmlreport.h) written to DIR/index.html. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "cli/outcomes.h"
#include "rules/htmlreport.h"
#include "base/fsio.h"
#include "base/opt.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace report [-o DIR]\n"
	"\n"
	"Write the sandbox's HTML report to DIR/index.html (default: menace-report),\n"
	"one page that opens from disk, with no script and no network: the cycles\n"
	"logged, the module table (the scenario x level pass/fail matrix, ROI, RAROI,\n"
	"status, reason), the ROI, RAROI and entropy of each module per scoring as\n"
	"plots, the flagged modules and commits, the slowest rules of the build log\n"
	"and the graph of rules. It reads SANDBOX_DATA_DIR (default sandbox_data)\n"
	"and the state; it runs nothing. DIR is relative to where menace started.\n"
	"\n"
	"  -o DIR, --out DIR   the report's directory (created when missing)\n"
	"\n"
	"exit status: 0 written, 1 a data file is not JSON or the report could not\n"
	"be written, 2 usage or manifest error, 3 state unusable\n";

/* the slowest instances of the build log, kept for the report */
#define SLOWEST 20

struct slowlist {
	struct slowrule v[SLOWEST];
	size_t n;
};

static void add_slow(void *ctx, const char *rule, const char *status, long long ns)
{
	struct slowlist *l = ctx;

	if (l->n == SLOWEST)
		return;
	l->v[l->n].rule = xstrdup(rule);
	l->v[l->n].status = xstrdup(status);
	l->v[l->n].secs = (double)ns / 1e9;
	l->n++;
}

static void slow_free(struct slowlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].rule);
		free((char *)l->v[i].status);
	}
}

static int render(struct workspace *ws, const char *dir)
{
	struct htmlreport_opts ro;
	struct slowlist slow = {0};
	struct buf b = BUF_INIT;
	char when[32], *file;
	time_t now = time(NULL);
	int rc = EXIT_OK;

	if (state_slowest(ws->st, SLOWEST, add_slow, &slow) < 0)
		return EXIT_STATE;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	memset(&ro, 0, sizeof(ro));
	ro.data = cli_datadir();
	ro.g = ws->g;
	ro.slow = slow.v;
	ro.nslow = slow.n;
	ro.generated = when;
	file = path_join(dir, "index.html");
	if (htmlreport_render(&ro, &b) < 0 || write_file_atomic(file, b.s, b.len) < 0)
		rc = EXIT_FAILED;
	else
		note("report written to '%s'", file);
	free(file);
	buf_free(&b);
	slow_free(&slow);
	return rc;
}

int cmd_report(int argc, char **argv, const struct workspace_opts *g)
{
	struct workspace ws;
	const char *out = "menace-report";
	char *dir;
	int rc;
	const struct opt opts[] = {
		OPT_STR('o', "out", &out, NULL),
	};

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, 1, OPT_NO_OPERANDS, usage) < 0)
		return EXIT_USAGE;
	/* DIR is relative to where menace was started, not the manifest */
	dir = outcomes_abspath(out);
	if ((rc = workspace_open(&ws, g, WS_READ)) != 0) {
		free(dir);
		return rc;
	}
	/* the instances of foreach rules whose lists are up to date */
	build_expand(&ws);
	rc = render(&ws, dir);
	workspace_close(&ws);
	free(dir);
	return rc;
}
