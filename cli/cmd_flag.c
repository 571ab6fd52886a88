/* cmd_flag.c: menace flag, the flag stage of the sandbox (rules/flag.h). */
#include <math.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "rules/flag.h"
#include "base/util.h"

static const char flag_usage[] =
	"usage: menace flag [--data DIR] [--history FILE] [--scores FILE] [--threshold X]\n"
	"                   [--roi-threshold X] [--consecutive N] [--repo DIR] [--[no-]alignment]\n"
	"                   [--warning-threshold X] [--failure-threshold X]\n"
	"       menace flag [--data DIR] --reset PATH...\n"
	"\n"
	"Marks modules whose improvement plateaued as complete in DIR/sandbox_meta.log.flags\n"
	"(from DIR/roi_history.json) and logs 'sandbox diminishing: PATHS' for new ones; a\n"
	"flag holds while the module and the files its self-tests read are unchanged;\n"
	"then checks the HEAD commit of the repository for alignment issues and appends\n"
	"flagged commits to DIR/alignment_flags.jsonl (see docs/sandbox.md).\n"
	"\n"
	"  --data DIR              SANDBOX_DATA_DIR (default sandbox_data)\n"
	"  --history FILE          default DIR/roi_history.json\n"
	"  --scores FILE           default DIR/scores.json, for each module's diminishing\n"
	"                          threshold (optional)\n"
	"  --threshold X           ENTROPY_PLATEAU_THRESHOLD (default: each module's\n"
	"                          diminishing threshold)\n"
	"  --roi-threshold X       ROI_THRESHOLD, the diminishing threshold when set\n"
	"  --consecutive N         ENTROPY_PLATEAU_CONSECUTIVE (default 3)\n"
	"  --reset PATH            clear PATH's flag and its plateau history, do nothing else\n"
	"  --repo DIR              the scanned repository (default .)\n"
	"  --alignment             ENABLE_ALIGNMENT_FLAGGER (default 1)\n"
	"  --warning-threshold X   ALIGNMENT_WARNING_THRESHOLD (default 0.5)\n"
	"  --failure-threshold X   ALIGNMENT_FAILURE_THRESHOLD (default 0.9)\n"
	"Every flag also takes the form --KEY=VALUE; --data-dir is --data.\n"
	"Exit 0, 1 when an input is malformed or the repository cannot be read,\n"
	"2 on bad usage.\n";

/* the --reset paths of the command line */
struct resets {
	const char **v;
	size_t n, cap;
};

static int add_reset(void *ctx, const char *path)
{
	struct resets *rs = ctx;

	growarray(&rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v));
	rs->v[rs->n++] = path;
	return 0;
}

int cmd_flag(int argc, char **argv)
{
	struct flag_opts o = {NULL, NULL, NULL, ".", NULL, 0, -1, -1, 3, 1, 0.5, 0.9};
	struct resets rs = {NULL, 0, 0};
	double consecutive = 3;
	int rc;
	const struct opt opts[] = {
		OPT_STR(0, "data", &o.data, NULL),
		OPT_STR(0, "data-dir", &o.data, NULL),
		OPT_STR(0, "history", &o.history, NULL),
		OPT_STR(0, "scores", &o.scores, NULL),
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_FUNC(0, "reset", add_reset, &rs, NULL),
		OPT_NUM(0, "threshold", &o.threshold, "ENTROPY_PLATEAU_THRESHOLD"),
		OPT_NUM(0, "roi-threshold", &o.roi_threshold, "ROI_THRESHOLD"),
		OPT_NUM(0, "consecutive", &consecutive, "ENTROPY_PLATEAU_CONSECUTIVE"),
		OPT_NUM(0, "warning-threshold", &o.warning, "ALIGNMENT_WARNING_THRESHOLD"),
		OPT_NUM(0, "failure-threshold", &o.failure, "ALIGNMENT_FAILURE_THRESHOLD"),
		OPT_BOOLEAN(0, "alignment", &o.alignment, "ENABLE_ALIGNMENT_FLAGGER"),
	};

	if (opt_help(argc, argv, flag_usage))
		return EXIT_OK;
	o.data = cli_datadir();
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              flag_usage) < 0) {
		free(rs.v);
		return EXIT_USAGE;
	}
	if (consecutive < 1 || consecutive != floor(consecutive) || consecutive > 1e6) {
		warn("ENTROPY_PLATEAU_CONSECUTIVE: '%g' is not a positive integer", consecutive);
		free(rs.v);
		return opt_usage(flag_usage);
	}
	o.consecutive = (int)consecutive;
	o.resets = rs.v;
	o.nresets = rs.n;
	rc = flag_run(&o);
	free(rs.v);
	return rc;
}
