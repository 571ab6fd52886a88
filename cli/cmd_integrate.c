/* cmd_integrate.c: menace integrate, the integrate stage of the sandbox
 * (rules/integrate.h). */
#include "cli/cli.h"
#include "rules/argopt.h"
#include "rules/integrate.h"
#include "rules/ruleopt.h"
#include "base/util.h"

static const char integrate_usage[] =
	"usage: menace integrate [--data DIR] [--discovered FILE] [--scores FILE]\n"
	"                        [--min-roi X] [--[no-]clean-orphans] [--[no-]test-redundant]\n"
	"\n"
	"Reads DIR/discovered.json and DIR/scores.json and writes DIR/module_map.json,\n"
	"DIR/orphan_modules.json and DIR/workflows.json (see docs/sandbox.md).\n"
	"A module is integrated when every scenario passed (pass_rate 1), its raroi\n"
	"is at least the minimum, and it is neither redundant nor legacy.\n"
	"\n"
	"  --data DIR             SANDBOX_DATA_DIR (default sandbox_data)\n"
	"  --discovered FILE      default DIR/discovered.json\n"
	"  --scores FILE          default DIR/scores.json\n"
	"  --min-roi X            MIN_INTEGRATION_ROI (default 0.0)\n"
	"  --clean-orphans        SANDBOX_CLEAN_ORPHANS (default 1): drop integrated\n"
	"                         modules from orphan_modules.json\n"
	"  --test-redundant       SANDBOX_TEST_REDUNDANT (default 1; alias\n"
	"                         --include-redundant): 0 ignores scores of redundant\n"
	"                         and legacy modules, which were not tested\n"
	"Every flag also takes the form --KEY=VALUE; --data-dir is --data. Each run\n"
	"adds its outcomes to DIR/metrics.db (table integrations).\n"
	"Exit 0, 1 when an input is missing or malformed, 2 on bad usage, 3 when\n"
	"metrics.db cannot be used.\n";

/* argv[*i] into o: 1, 0 when it is no option, -1 after a warning */
static int parse_arg(int argc, char **argv, int *i, struct integrate_opts *o)
{
	const char *v;
	int k;

	if ((k = argopt_value(argc, argv, i, "--data", &v)) != 0 ||
	    (k = argopt_value(argc, argv, i, "--data-dir", &v)) != 0) {
		if (k > 0)
			o->data = v;
	} else if ((k = argopt_value(argc, argv, i, "--discovered", &v)) != 0) {
		if (k > 0)
			o->discovered = v;
	} else if ((k = argopt_value(argc, argv, i, "--scores", &v)) != 0) {
		if (k > 0)
			o->scores = v;
	} else if ((k = argopt_value(argc, argv, i, "--min-roi", &v)) != 0) {
		if (k > 0 && argopt_double("--min-roi", v, &o->min_roi) < 0)
			k = -1;
	} else if ((k = ruleopt_bool(argv, *i, "clean-orphans", &o->clean_orphans)) != 0 ||
	           (k = ruleopt_bool(argv, *i, "test-redundant", &o->test_redundant)) != 0 ||
	           (k = ruleopt_bool(argv, *i, "include-redundant", &o->test_redundant)) != 0) {
		/* set */
	} else {
		warn("unknown argument '%s'", argv[*i]);
		k = -1;
	}
	return k;
}

int cmd_integrate(int argc, char **argv)
{
	struct integrate_opts o = {0.0, 1, 1, NULL, NULL, NULL};
	int i;

	if (want_help(argc, argv, integrate_usage))
		return EXIT_OK;
	o.data = argopt_data_dir();
	if (ruleopt_env_double("MIN_INTEGRATION_ROI", &o.min_roi) < 0 ||
	    (o.test_redundant = ruleopt_env_bool("SANDBOX_TEST_REDUNDANT", 1)) < 0 ||
	    (o.clean_orphans = ruleopt_env_bool("SANDBOX_CLEAN_ORPHANS", 1)) < 0)
		return EXIT_USAGE;
	for (i = 1; i < argc; i++)
		if (parse_arg(argc, argv, &i, &o) < 0)
			return usage_error(integrate_usage);
	return integrate_stage(&o);
}
