/* cmd_score.c: menace score, the scores of the self-tested modules
 * (rules/score.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "rules/micropilot.h"
#include "rules/score.h"
#include "rules/scorepost.h"
#include "base/path.h"
#include "base/util.h"

static const char score_usage[] =
	"usage: menace score [--data DIR] [--out FILE] [--history FILE] [--repo DIR]\n"
	"                    [--bucket FILE] [--impact-severity-config FILE]\n"
	"                    [--roi-threshold X] [--borderline-raroi-threshold X]\n"
	"                    [--borderline-confidence-threshold X] [--micropilot-mode MODE]\n"
	"                    [--queue FILE] [--backend-url URL]\n"
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
	"  --borderline-confidence-threshold X  BORDERLINE_CONFIDENCE_THRESHOLD (default 0.0)\n"
	"  --micropilot-mode MODE          MICROPILOT_MODE: auto, queue or off (default auto)\n"
	"  --queue FILE    write only the micro-pilot queue FILE: the borderline\n"
	"                  modules in auto mode, else [] (nothing else is written)\n"
	"  --backend-url URL               PATCH_SCORE_BACKEND_URL: then POST the scores\n"
	"                  to this http(s) URL, or copy them to a file:// URL; on a\n"
	"                  failure, one warning (docs/remote-cache.md)\n"
	"\n"
	"Per module: pass_rate = passed runs / runs; roi = pass_rate; roi_delta =\n"
	"roi - previous roi (first: roi); entropy = token Shannon entropy (bits),\n"
	"entropy_delta = entropy - previous (first: 0); sigma = population std of\n"
	"the last 5 roi deltas; raroi = roi * (1 - (1 - pass_rate) * impact) *\n"
	"max(0, 1 - sigma) / (1 + hostile_input and user_misuse failures);\n"
	"diminishing = ROI_THRESHOLD or 0.01 * (1 + sigma); confidence = 1 - the\n"
	"width of the 95% Wilson interval of pass_rate; borderline when raroi <\n"
	"BORDERLINE_RAROI_THRESHOLD or confidence < BORDERLINE_CONFIDENCE_THRESHOLD;\n"
	"a borderline module's micro-pilot (DATA/micropilot/PATH/STAGE.json) gives\n"
	"its verdict and stability (docs/sandbox.md, \"Micro-pilots\").\n"
	"\n"
	"exit: 0 ok, 1 a file could not be read or written, 2 bad usage,\n"
	"3 metrics.db unusable\n";

/* the scores just written to the backend; a failure is a warning only */
static void post_scores(const struct score_opts *o, const char *url)
{
	struct http_opts ho;
	char *out = o->out ? xstrdup(o->out) : path_join(o->data, "scores.json");

	http_opts_default(&ho, "score backend");
	ho.auth = opt_getenv("PATCH_SCORE_BACKEND_AUTHORIZATION");
	score_post(url, &ho, out);
	free(out);
}

int cmd_score(int argc, char **argv)
{
	struct score_opts o;
	const char *mode = NULL, *backend = NULL;
	int rc;
	enum micropilot_mode m = MICROPILOT_AUTO;
	const struct opt opts[] = {
		OPT_STR(0, "data", &o.data, NULL),
		OPT_STR(0, "data-dir", &o.data, NULL),
		OPT_STR(0, "out", &o.out, NULL),
		OPT_STR(0, "history", &o.history, NULL),
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_STR(0, "bucket", &o.bucket, NULL),
		OPT_STR(0, "impact-severity-config", &o.config, "IMPACT_SEVERITY_CONFIG"),
		OPT_NUM(0, "roi-threshold", &o.roi_threshold, "ROI_THRESHOLD"),
		OPT_NUM(0, "borderline-raroi-threshold", &o.borderline, "BORDERLINE_RAROI_THRESHOLD"),
		OPT_NUM(0, "borderline-confidence-threshold", &o.borderline_confidence,
		        "BORDERLINE_CONFIDENCE_THRESHOLD"),
		OPT_STR(0, "micropilot-mode", &mode, "MICROPILOT_MODE"),
		OPT_STR(0, "queue", &o.queue, NULL),
		OPT_STR(0, "backend-url", &backend, "PATCH_SCORE_BACKEND_URL"),
	};

	if (opt_help(argc, argv, score_usage))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	o.data = cli_datadir();
	o.repo = ".";
	o.roi_threshold = NAN;
	o.borderline = 0.0;
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              score_usage) < 0)
		return EXIT_USAGE;
	if (mode && *mode && micropilot_mode("MICROPILOT_MODE", mode, &m) < 0)
		return EXIT_USAGE;
	o.mode = m;
	if (backend && strncmp(backend, "http://", 7) != 0 && strncmp(backend, "https://", 8) != 0 &&
	    strncmp(backend, "file://", 7) != 0) {
		error("--backend-url (PATCH_SCORE_BACKEND_URL): the score backend must be an http://, "
		      "https:// or file:// URL");
		return EXIT_USAGE;
	}
	/* a file named by the flag or the variable must exist */
	o.config_required = o.config != NULL;
	if (!o.config)
		o.config = "config/impact_severity.yaml";
	rc = score_run(&o);
	if (rc == EXIT_OK && backend && !o.queue)
		post_scores(&o, backend);
	return rc;
}
