/* cmd_selftest.c: menace selftest, one module's tests under one scenario
 * preset (rules/selftest.h). */
#include "cli/cli.h"
#include "base/opt.h"
#include "rules/selftest.h"
#include "base/util.h"

static const char selftest_usage[] =
	"usage: menace selftest --module PATH --scenario NAME [--level low|high]\n"
	"                       [--repo DIR] [--out FILE] [--depfile FILE]\n"
	"                       [--discovered FILE] [--data DIR] [--timeout SECONDS]\n"
	"                       [--python PROGRAM]\n"
	"\n"
	"Runs the tests of one module under one scenario preset in an isolated\n"
	"child and writes its result JSON. Every flag also takes --flag=VALUE.\n"
	"\n"
	"  --repo DIR         the Python repository (default .)\n"
	"  --module PATH      the module, relative to the repo (pkg/a.py)\n"
	"  --scenario NAME    a canonical scenario or alias (menace presets)\n"
	"  --level low|high   the preset level (default low)\n"
	"  --out FILE         the result (default\n"
	"                     DATA/selftest/PATH/SCENARIO-LEVEL.json)\n"
	"  --depfile FILE     write a Makefile depfile of the module's imports\n"
	"  --discovered FILE  discover's output (default DATA/discovered.json)\n"
	"  --data DIR         SANDBOX_DATA_DIR (default sandbox_data; also --data-dir)\n"
	"  --timeout SECONDS  SELF_TEST_TIMEOUT (default 300; fractions allowed)\n"
	"  --python PROGRAM   SANDBOX_PYTHON (default python3)\n"
	"\n"
	"The test is <dir>/test_<stem>.py, tests/test_<stem>.py or\n"
	"tests/<dir>/test_<stem>.py, run with pytest (or menace's builtin runner\n"
	"when the interpreter has no pytest); otherwise the module is imported.\n"
	"The child gets its own process group, the timeout kills the group,\n"
	"RLIMIT_AS = the preset's MEMORY_LIMIT, RLIMIT_CPU from the timeout, a\n"
	"fresh HOME and TMPDIR, stdin from /dev/null, writes confined to those\n"
	"(Landlock), the preset's variables and the repo on PYTHONPATH.\n"
	"\n"
	"exit: 0 the tests ran (passed or failed: see the result), 1 they could not\n"
	"run (no interpreter, unreadable module, unwritable result), 2 bad usage,\n"
	"3 metrics.db unusable, 130 interrupted\n";

/* --timeout, else SELF_TEST_TIMEOUT, into o->timeout_s; 0, or -1 after a warning */
static int parse_timeout(const char *flag, struct selftest_opts *o)
{
	const char *what = flag ? "--timeout" : "SELF_TEST_TIMEOUT";
	const char *s = flag ? flag : opt_getenv(what);

	if (!s)
		return 0;
	if (opt_number(what, s, &o->timeout_s) < 0)
		return -1;
	if (o->timeout_s <= 0 || o->timeout_s > 1e7)
		return error("%s: '%s' is not a positive number of seconds", what, s);
	return 0;
}

int cmd_selftest(int argc, char **argv)
{
	struct selftest_opts o = {".", NULL, NULL, "low", NULL, NULL, NULL, NULL, 300, "python3"};
	const char *timeout_s = NULL;
	int rc = EXIT_USAGE;
	const struct opt opts[] = {
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_STR(0, "module", &o.module, NULL),
		OPT_STR(0, "scenario", &o.scenario, NULL),
		OPT_STR(0, "level", &o.level, NULL),
		OPT_STR(0, "out", &o.out, NULL),
		OPT_STR(0, "depfile", &o.depfile, NULL),
		OPT_STR(0, "discovered", &o.discovered, NULL),
		OPT_STR(0, "data", &o.data, NULL),
		OPT_STR(0, "data-dir", &o.data, NULL),
		OPT_STR(0, "timeout", &timeout_s, NULL),
		OPT_STR(0, "python", &o.python, "SANDBOX_PYTHON"),
	};

	if (opt_help(argc, argv, selftest_usage))
		return EXIT_OK;
	o.data = cli_datadir();
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              selftest_usage) < 0)
		return EXIT_USAGE;
	if (selftest_check(&o) == 0 && parse_timeout(timeout_s, &o) == 0)
		rc = selftest_run(&o);
	if (rc == EXIT_USAGE)
		return opt_usage(selftest_usage);
	return rc;
}
