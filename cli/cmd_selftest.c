/* cmd_selftest.c: menace selftest, one module's tests under one scenario
 * preset (rules/selftest.h). */
#include <stdlib.h>

#include "cli/cli.h"
#include "rules/argopt.h"
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

/* argv into o, *timeout_s the text of --timeout (NULL when not given);
 * 0, or -1 after a warning */
static int parse(int argc, char **argv, struct selftest_opts *o, const char **timeout_s)
{
	static const char *const names[] = {"--repo", "--module", "--scenario", "--level",
					    "--out", "--depfile", "--discovered", "--data",
					    "--timeout", "--python", "--data-dir"};
	const char **dst[] = {&o->repo, &o->module, &o->scenario, &o->level, &o->out,
			      &o->depfile, &o->discovered, &o->data, timeout_s, &o->python,
			      &o->data};
	const char *val;
	int a, r;

	for (a = 1; a < argc; a++) {
		size_t k;

		for (k = 0, r = 0; k < sizeof(names) / sizeof(names[0]) && !r; k++)
			if ((r = argopt_value(argc, argv, &a, names[k], &val)) > 0)
				*dst[k] = val;
		if (r < 0)
			return -1;
		if (!r) {
			warn("unknown option '%s'", argv[a]);
			return -1;
		}
	}
	return 0;
}

/* --timeout, else SELF_TEST_TIMEOUT, into o->timeout_s; 0, or -1 after a warning */
static int parse_timeout(const char *timeout_s, struct selftest_opts *o)
{
	if (!timeout_s)
		timeout_s = getenv("SELF_TEST_TIMEOUT");
	if (!timeout_s || !*timeout_s)
		return 0;
	if (argopt_double("SELF_TEST_TIMEOUT", timeout_s, &o->timeout_s) < 0)
		return -1;
	if (o->timeout_s <= 0 || o->timeout_s > 1e7)
		return error("SELF_TEST_TIMEOUT: '%s' is not a positive number of seconds", timeout_s);
	return 0;
}

int cmd_selftest(int argc, char **argv)
{
	struct selftest_opts o = {".", NULL, NULL, "low", NULL, NULL, NULL, NULL, 300, NULL};
	const char *timeout_s = NULL;
	int rc = EXIT_USAGE;

	if (want_help(argc, argv, selftest_usage))
		return EXIT_OK;
	o.data = argopt_data_dir();
	o.python = getenv("SANDBOX_PYTHON");
	if (parse(argc, argv, &o, &timeout_s) == 0 && selftest_check(&o) == 0 &&
	    parse_timeout(timeout_s, &o) == 0) {
		if (!o.python || !*o.python)
			o.python = "python3";
		rc = selftest_run(&o);
	}
	if (rc == EXIT_USAGE)
		return usage_error("usage: menace selftest --module PATH --scenario NAME [--level low|high] ...\n");
	return rc;
}
