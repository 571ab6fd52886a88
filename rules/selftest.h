/* selftest.h: `menace selftest`, one module under one scenario preset, run
 * in a child forked by a preloaded Python worker (rules/workerpool.h) that
 * runs menace's harness (rules/harness/).
 *
 * Result file (format version 2), SANDBOX_DATA_DIR/selftest/<path>/<scenario>-<level>.json
 * unless --out names another: {"version": 2, "module", "scenario" (canonical
 * name), "level" ("low"|"high"), "passed" (exit 0 and not timed out),
 * "exit_code" (-N: killed by signal N), "duration_s", "timed_out",
 * "output_tail" (the last 4 KiB of stdout+stderr, valid UTF-8), "runner"
 * ("pytest"|"builtin"|"stub"), "test" (the repo-relative test file or
 * null), "confined" (writes were confined), "seed", "interpreter" (the
 * worker's sys.executable), "network" (how the child was cut off from the
 * network, null when it did not say), and from the child's summary (rebuilt
 * when it wrote none): "import", "tests", "calls", "functions", "effects",
 * "failures"}. Version 1 had the first twelve keys, runner "import" for
 * "stub".
 * Depfile (--depfile): Makefile syntax "OUT: dep \" lines, the module, its
 * test file (and conftest.py files for pytest when they are used), an
 * edge-case file and discovered.json's deps, each joined to --repo. */
#ifndef MENACE_SELFTEST_H
#define MENACE_SELFTEST_H

#include <stddef.h>

/* the repo-relative test file of module (repo-relative path), tried in
 * order <dir>/test_<stem>.py, tests/test_<stem>.py, tests/<dir>/test_<stem>.py;
 * malloc'd, or NULL for the import smoke test */
char *selftest_find_test(const char *repo, const char *module);
/* the seed of a self-test: from the module's content hash (32 hex
 * digits), the scenario and the level; < 2^53 */
unsigned long long selftest_seed(const char *content_hex, const char *scenario, const char *level);
struct preset_var;
/* the child's complete environment, built from scratch: PATH, HOME=TMP/home,
 * TMPDIR=TMP=TEMP=TMP/tmp, LANG=C.UTF-8, PYTHONPATH=REPO[:the user's],
 * PYTHONDONTWRITEBYTECODE=1, PYTHONUNBUFFERED=1, the preset's variables;
 * malloc'd "K=V" strings, NULL-terminated */
char **selftest_child_env(const char *tmp, const char *repo_abs, const struct preset_var *vars,
			  size_t nvars);
/* the summary of an outcomes file text[0..len) (docs/sandbox.md): its
 * "summary" line, or one rebuilt from its call/done lines (a call without
 * its done: "hung" when timed_out, else "crashed"; no call: the import
 * failed; failures at least 1 when not passed). The header's "confined"
 * into *confined (0 without one) and "network" into *network (malloc'd or
 * NULL). A new cJSON object {import, tests, calls, functions, effects,
 * failures[, error]} */
struct cJSON;
struct cJSON *selftest_summary(const char *text, size_t len, int timed_out, int passed,
			       int *confined, char **network);
/* malloc'd dotted module name: pkg/a.py -> pkg.a, pkg/__init__.py -> pkg */
char *selftest_module_name(const char *module);
/* malloc'd default result path DATA/selftest/<module>/<scenario>-<level>.json */
char *selftest_result_path(const char *data, const char *module, const char *scenario,
			   const char *level);
/* make s[0..n) valid UTF-8 in place: a cut sequence at the start is
 * dropped, invalid bytes and NUL become '?'; returns the new length */
size_t selftest_clean_utf8(char *s, size_t n);

/* one self-test: what `menace selftest` takes (cli/cmd_selftest.c) */
struct selftest_opts {
	const char *repo;         /* the Python repository */
	const char *module;       /* repo-relative (pkg/a.py), or a path under repo */
	const char *scenario;     /* a canonical scenario or an alias (presets.h) */
	const char *level;        /* "low" or "high" */
	const char *out;          /* the result file; NULL: selftest_result_path under data */
	const char *depfile;      /* NULL: no depfile */
	const char *discovered;   /* discover's output; NULL: DATA/discovered.json */
	const char *data;         /* SANDBOX_DATA_DIR: metrics.db and the defaults */
	double timeout_s;         /* the test's wall clock, > 0 */
	const char *python;       /* the interpreter (SANDBOX_PYTHON) */
	double call_timeout_s;    /* a stub call's own limit, > 0 */
	int conftest;             /* pytest uses the repository's conftest.py files */
	const char *args;         /* SELF_TEST_ARGS, or NULL */
	const char *runner;       /* SELF_TEST_RUNNER: "pytest", "builtin", or
	                           * NULL/"auto" (pytest when the interpreter has it) */
	const char *edge_cases;   /* SANDBOX_EDGE_CASES (a JSON file or text), or NULL */
};

/* 0 when o names a module, a known scenario and level, and a runner
 * (or none); -1 after a warning */
int selftest_check(const struct selftest_opts *o);
/* run o's test in a worker's child (the pool MENACE_SELFTEST_POOL names
 * when it has o->python, else one of its own), write the result file, the
 * depfile and a metrics.db row; the exit status: EXIT_OK when the tests ran
 * (passed or failed), EXIT_FAILED when they could not run or a file could
 * not be written, EXIT_USAGE after a warning about o, EXIT_STATE when
 * metrics.db is unusable, EXIT_INTERRUPTED */
int selftest_run(const struct selftest_opts *o);

#endif
