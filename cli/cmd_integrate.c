/* cmd_integrate.c: menace integrate, the integrate stage of the sandbox
 * (rules/integrate.h). */
#include "cli/cli.h"
#include "base/opt.h"
#include "rules/integrate.h"
#include "base/util.h"

static const char integrate_usage[] =
	"usage: menace integrate [--data DIR] [--discovered FILE] [--scores FILE] [--repo DIR]\n"
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
	"  --repo DIR             the repository: record the content hash of each\n"
	"                         module joining the map (default: none recorded)\n"
	"  --min-roi X            MIN_INTEGRATION_ROI (default 0.0)\n"
	"  --clean-orphans        SANDBOX_CLEAN_ORPHANS (default 1): drop integrated\n"
	"                         modules from orphan_modules.json\n"
	"  --test-redundant       SANDBOX_TEST_REDUNDANT, else SELF_TEST_INCLUDE_REDUNDANT\n"
	"                         (default 1; alias --include-redundant): 0 ignores\n"
	"                         scores of redundant and legacy modules, which were\n"
	"                         not tested\n"
	"With --repo, module_map.json also records the content hash each module had\n"
	"when it joined the map (\"hashes\"), and that of each module found there\n"
	"that discover left untested (\"adopted\"). SANDBOX_AUTO_MAP=1 is what\n"
	"integrate always does.\n"
	"Every flag also takes the form --KEY=VALUE; --data-dir is --data. Each run\n"
	"adds its outcomes to DIR/metrics.db (table integrations).\n"
	"Exit 0, 1 when an input is missing or malformed, 2 on bad usage, 3 when\n"
	"metrics.db cannot be used.\n";

int cmd_integrate(int argc, char **argv)
{
	struct integrate_opts o = {0.0, -1, 1, NULL, NULL, NULL, NULL};
	int automap;
	const struct opt opts[] = {
		OPT_STR(0, "data", &o.data, NULL),
		OPT_STR(0, "data-dir", &o.data, NULL),
		OPT_STR(0, "discovered", &o.discovered, NULL),
		OPT_STR(0, "scores", &o.scores, NULL),
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_NUM(0, "min-roi", &o.min_roi, "MIN_INTEGRATION_ROI"),
		OPT_BOOLEAN(0, "clean-orphans", &o.clean_orphans, "SANDBOX_CLEAN_ORPHANS"),
		OPT_BOOLEAN(0, "test-redundant", &o.test_redundant, NULL),
		OPT_BOOLEAN(0, "include-redundant", &o.test_redundant, NULL),
	};

	if (opt_help(argc, argv, integrate_usage))
		return EXIT_OK;
	o.data = cli_datadir();
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              integrate_usage) < 0)
		return EXIT_USAGE;
	if (o.test_redundant < 0 &&
	    (o.test_redundant = cli_env_bool("SANDBOX_TEST_REDUNDANT", "SELF_TEST_INCLUDE_REDUNDANT")) == -1)
		o.test_redundant = 1;
	if (o.test_redundant == -2 || (automap = cli_env_bool("SANDBOX_AUTO_MAP", NULL)) == -2)
		return EXIT_USAGE;
	if (automap == 0)
		warn("SANDBOX_AUTO_MAP=0 is not supported: module_map.json is integrate's output, "
		     "written by every run of it");
	return integrate_stage(&o);
}
