/* cmd_flag.c: menace flag, the flag stage of the sandbox (rules/flag.h). */
#include <math.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "rules/argopt.h"
#include "rules/flag.h"
#include "rules/ruleopt.h"
#include "base/util.h"

static const char flag_usage[] =
	"usage: menace flag [--data DIR] [--history FILE] [--scores FILE] [--threshold X]\n"
	"                   [--roi-threshold X] [--consecutive N] [--repo DIR] [--[no-]alignment]\n"
	"                   [--warning-threshold X] [--failure-threshold X]\n"
	"       menace flag [--data DIR] --reset PATH...\n"
	"\n"
	"Marks modules whose improvement plateaued as complete in DIR/sandbox_meta.log.flags\n"
	"(from DIR/roi_history.json) and logs 'sandbox diminishing: PATHS' for new ones;\n"
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

/* the numbers and the switch of the environment; 0, or -1 after a warning */
static int read_env(struct flag_opts *o, double *consecutive)
{
	if (ruleopt_env_double("ENTROPY_PLATEAU_THRESHOLD", &o->threshold) < 0 ||
	    ruleopt_env_double("ROI_THRESHOLD", &o->roi_threshold) < 0 ||
	    ruleopt_env_double("ENTROPY_PLATEAU_CONSECUTIVE", consecutive) < 0 ||
	    ruleopt_env_double("ALIGNMENT_WARNING_THRESHOLD", &o->warning) < 0 ||
	    ruleopt_env_double("ALIGNMENT_FAILURE_THRESHOLD", &o->failure) < 0 ||
	    (o->alignment = ruleopt_env_bool("ENABLE_ALIGNMENT_FLAGGER", 1)) < 0)
		return -1;
	return 0;
}

/* the --reset paths of the command line */
struct resets {
	const char **v;
	size_t n, cap;
};

/* the number flags: which variable each sets */
static double *number_flag(int argc, char **argv, int *i, struct flag_opts *o,
			   double *consecutive, const char **name, const char **v, int *k)
{
	static const char *const names[] = {"--threshold", "--roi-threshold", "--consecutive",
					    "--warning-threshold", "--failure-threshold"};
	double *dst[] = {&o->threshold, &o->roi_threshold, consecutive, &o->warning, &o->failure};
	size_t n;

	for (n = 0; n < sizeof(names) / sizeof(names[0]); n++)
		if ((*k = argopt_value(argc, argv, i, *name = names[n], v)) != 0)
			return *k > 0 ? dst[n] : NULL;
	return NULL;
}

/* argv[*i] into o (or rs, or *consecutive); 1, or -1 after a warning */
static int parse_arg(int argc, char **argv, int *i, struct flag_opts *o, struct resets *rs,
		     double *consecutive)
{
	const char *name = NULL, *v;
	double *num = NULL;
	int k;

	if ((k = argopt_value(argc, argv, i, "--data", &v)) > 0 ||
	    (k == 0 && (k = argopt_value(argc, argv, i, "--data-dir", &v)) > 0))
		o->data = v;
	else if (k == 0 && (k = argopt_value(argc, argv, i, "--history", &v)) > 0)
		o->history = v;
	else if (k == 0 && (k = argopt_value(argc, argv, i, "--scores", &v)) > 0)
		o->scores = v;
	else if (k == 0 && (k = argopt_value(argc, argv, i, "--repo", &v)) > 0)
		o->repo = v;
	else if (k == 0 && (k = argopt_value(argc, argv, i, "--reset", &v)) > 0) {
		growarray(&rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v));
		rs->v[rs->n++] = v;
	} else if (k == 0 && ((num = number_flag(argc, argv, i, o, consecutive, &name, &v, &k)) || k))
		;
	else if (k == 0 && (k = ruleopt_bool(argv, *i, "alignment", &o->alignment)) > 0)
		;
	else if (k == 0) {
		warn("unknown argument '%s'", argv[*i]);
		k = -1;
	}
	if (k > 0 && num)
		k = argopt_double(name, v, num) < 0 ? -1 : 1;
	return k;
}

int cmd_flag(int argc, char **argv)
{
	struct flag_opts o = {NULL, NULL, NULL, ".", NULL, 0, -1, -1, 3, 1, 0.5, 0.9};
	struct resets rs = {NULL, 0, 0};
	double consecutive = 3;
	int i, rc;

	if (want_help(argc, argv, flag_usage))
		return EXIT_OK;
	o.data = argopt_data_dir();
	if (read_env(&o, &consecutive) < 0)
		return EXIT_USAGE;
	for (i = 1; i < argc; i++)
		if (parse_arg(argc, argv, &i, &o, &rs, &consecutive) < 0) {
			free(rs.v);
			return usage_error(flag_usage);
		}
	if (consecutive < 1 || consecutive != floor(consecutive) || consecutive > 1e6) {
		warn("ENTROPY_PLATEAU_CONSECUTIVE: '%g' is not a positive integer", consecutive);
		free(rs.v);
		return usage_error(flag_usage);
	}
	o.consecutive = (int)consecutive;
	o.resets = rs.v;
	o.nresets = rs.n;
	rc = flag_run(&o);
	free(rs.v);
	return rc;
}
