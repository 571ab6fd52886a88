/* cmd_metrics.c: "menace metrics", the Prometheus text exposition of the
 * sandbox metrics (rules/sandboxmetrics.h) and, later, the build's own. */
#include <stdio.h>

#include "buf.h"
#include "cli.h"
#include "argopt.h"
#include "ruleopt.h"
#include "sandboxmetrics.h"
#include "util.h"

static const char metrics_usage[] =
	"usage: menace metrics [--data DIR]\n"
	"\n"
	"Prints the sandbox metrics of DIR/metrics.db (SANDBOX_DATA_DIR, default\n"
	"sandbox_data) in the Prometheus text format on stdout (see docs/sandbox.md):\n"
	"orphan_modules_{tested,reintroduced,failed,redundant,legacy}_total of the\n"
	"latest integrate run, self_test_{passed,failed}_total and\n"
	"self_test_average_runtime_seconds per scenario. A missing database gives\n"
	"zeros and is not created. --data-dir is --data.\n"
	"Exit 0, 2 on bad usage, 3 when metrics.db cannot be used.\n";

int cmd_metrics(int argc, char **argv)
{
	const char *data = argopt_data_dir(), *v;
	struct buf out = BUF_INIT;
	int i, k;

	if (want_help(argc, argv, metrics_usage))
		return EXIT_OK;
	for (i = 1; i < argc; i++) {
		if ((k = argopt_value(argc, argv, &i, "--data", &v)) > 0 ||
		    (k == 0 && (k = argopt_value(argc, argv, &i, "--data-dir", &v)) > 0)) {
			data = v;
			continue;
		}
		if (k == 0)
			warn("unknown argument '%s'", argv[i]);
		return usage_error(metrics_usage);
	}
	if (sandbox_metrics_write(&out, data) < 0) {
		buf_free(&out);
		return EXIT_STATE;
	}
	/* seam: the engine's build counters (menace_rules_run_total, ...) are
	 * appended here from the state database once the engine records them */
	fwrite(out.s ? out.s : "", 1, out.len, stdout);
	buf_free(&out);
	return EXIT_OK;
}
