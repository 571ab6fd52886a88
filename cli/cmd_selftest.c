/* cmd_selftest.c: menace selftest, one module's tests under one scenario
 * preset (rules/selftest.h). */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/presetcfg.h"
#include "base/opt.h"
#include "rules/selftest.h"
#include "base/util.h"

static const char selftest_usage[] =
	"usage: menace selftest --module PATH --scenario NAME [--level low|high]\n"
	"                       [--repo DIR] [--out FILE] [--depfile FILE]\n"
	"                       [--discovered FILE] [--data DIR] [--timeout SECONDS]\n"
	"                       [--python PROGRAM] [--call-timeout SECONDS]\n"
	"                       [--conftest yes|no] [--args ARGS] [--edge-cases JSON]\n"
	"                       [--runner auto|pytest|builtin] [--preset-file FILE]...\n"
	"\n"
	"Runs the tests of one module under one scenario preset in a child forked\n"
	"by a preloaded Python worker and writes its result JSON. Every flag also\n"
	"takes --flag=VALUE.\n"
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
	"  --call-timeout SECONDS  SELF_TEST_CALL_TIMEOUT: a stub call's limit\n"
	"                     (default 2)\n"
	"  --conftest yes|no  SELF_TEST_CONFTEST: pytest loads the repository's\n"
	"                     conftest.py files (default yes)\n"
	"  --args ARGS        SELF_TEST_ARGS: more pytest/builtin runner arguments\n"
	"  --edge-cases JSON  SANDBOX_EDGE_CASES: hostile payloads, a JSON file or text\n"
	"  --runner auto|pytest|builtin  SELF_TEST_RUNNER: what runs a test file\n"
	"                     (default auto: pytest when the interpreter has it)\n"
	"  --preset-file FILE custom presets (repeatable), then SANDBOX_ENV_PRESETS;\n"
	"                     SANDBOX_PRESET_MODE=canonical: neither (menace presets)\n"
	"\n"
	"The test is <dir>/test_<stem>.py, tests/test_<stem>.py or\n"
	"tests/<dir>/test_<stem>.py, run with pytest (or menace's builtin runner\n"
	"when the interpreter has no pytest or --runner says builtin); otherwise\n"
	"the stub imports the module and calls its functions under the scenario.\n"
	"The worker is the build's (MENACE_SELFTEST_POOL) or one started for this\n"
	"run. The child gets its own process group, the timeout kills the group,\n"
	"RLIMIT_AS = the preset's MEMORY_LIMIT, RLIMIT_CPU from the timeout, an\n"
	"environment built from scratch (the preset's variables, PATH, an empty\n"
	"HOME and TMPDIR, the repo on PYTHONPATH), stdin from /dev/null, writes\n"
	"confined to those (Landlock) and no network.\n"
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

/* --call-timeout and --conftest (or their variables) into o; 0, or -1
 * after a warning */
static int parse_settings(const char *call_timeout, const char *conftest, struct selftest_opts *o)
{
	const char *ct = call_timeout ? "--call-timeout" : "SELF_TEST_CALL_TIMEOUT";
	const char *cf = conftest ? "--conftest" : "SELF_TEST_CONFTEST";

	if (!call_timeout)
		call_timeout = opt_getenv(ct);
	if (!conftest)
		conftest = opt_getenv(cf);
	if (call_timeout && opt_duration(ct, call_timeout, &o->call_timeout_s) < 0)
		return -1;
	if (o->call_timeout_s <= 0 || o->call_timeout_s > 1e7)
		return error("%s: '%s' is not a positive number of seconds", ct, call_timeout);
	if (conftest && opt_bool(cf, conftest, &o->conftest) < 0)
		return -1;
	return 0;
}

int cmd_selftest(int argc, char **argv)
{
	struct selftest_opts o = {.repo = ".", .level = "low", .timeout_s = 300, .python = "python3",
				  .call_timeout_s = 2, .conftest = 1};
	const char *timeout_s = NULL, *call_timeout = NULL, *conftest = NULL;
	struct preset_files pf = {NULL, 0, 0};
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
		OPT_STR(0, "call-timeout", &call_timeout, NULL),
		OPT_STR(0, "conftest", &conftest, NULL),
		OPT_STR(0, "args", &o.args, "SELF_TEST_ARGS"),
		OPT_STR(0, "edge-cases", &o.edge_cases, "SANDBOX_EDGE_CASES"),
		OPT_STR(0, "runner", &o.runner, "SELF_TEST_RUNNER"),
		OPT_FUNC(0, "preset-file", preset_files_add, &pf, NULL),
	};

	if (opt_help(argc, argv, selftest_usage))
		return EXIT_OK;
	o.data = cli_datadir();
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              selftest_usage) < 0 || (rc = cli_presets_setup(&pf, 0)) != EXIT_OK) {
		free(pf.v);
		return rc == EXIT_FAILED ? rc : EXIT_USAGE;
	}
	rc = EXIT_USAGE;
	if (selftest_check(&o) == 0 && parse_timeout(timeout_s, &o) == 0 &&
	    parse_settings(call_timeout, conftest, &o) == 0)
		rc = selftest_run(&o);
	if (rc == EXIT_USAGE)
		return opt_usage(selftest_usage);
	return rc;
}
