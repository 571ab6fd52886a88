/* cmd_score.c: menace score, the scores of the self-tested modules
 * (rules/score.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/argopt.h"
#include "rules/score.h"
#include "base/util.h"

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

/* argv into o, the threshold texts into *rt and *bt; 0, or -1 after a warning */
static int parse(int argc, char **argv, struct score_opts *o, const char **rt, const char **bt)
{
	static const char *const names[] = {"--data", "--out", "--history", "--repo", "--bucket",
					    "--impact-severity-config", "--roi-threshold",
					    "--borderline-raroi-threshold", "--data-dir"};
	const char **dst[] = {&o->data, &o->out, &o->history, &o->repo, &o->bucket, &o->config,
			      rt, bt, &o->data};
	const char *val;
	int a, r;

	for (a = 1; a < argc; a++) {
		size_t k;

		for (k = 0, r = 0; k < sizeof(names) / sizeof(names[0]) && !r; k++)
			if ((r = argopt_value(argc, argv, &a, names[k], &val)) > 0) {
				*dst[k] = val;
				if (k == 5)
					o->config_required = 1;
			}
		if (r < 0)
			return -1;
		if (!r) {
			warn("unknown option '%s'", argv[a]);
			return -1;
		}
	}
	return 0;
}

int cmd_score(int argc, char **argv)
{
	struct score_opts o;
	const char *rt = getenv("ROI_THRESHOLD"), *bt = getenv("BORDERLINE_RAROI_THRESHOLD");

	if (want_help(argc, argv, score_usage))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	o.repo = ".";
	o.config = getenv("IMPACT_SEVERITY_CONFIG");
	o.config_required = o.config && *o.config;
	o.roi_threshold = NAN;
	o.borderline = 0.0;
	if (parse(argc, argv, &o, &rt, &bt) < 0 ||
	    (rt && *rt && argopt_double("ROI_THRESHOLD", rt, &o.roi_threshold) < 0) ||
	    (bt && *bt && argopt_double("BORDERLINE_RAROI_THRESHOLD", bt, &o.borderline) < 0))
		return usage_error("usage: menace score [--data DIR] [--out FILE] [--history FILE] ...\n");
	if (!o.config || !*o.config)
		o.config = "config/impact_severity.yaml";
	if (!o.data)
		o.data = argopt_data_dir();
	return score_run(&o);
}
