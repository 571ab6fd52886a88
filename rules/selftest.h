/* selftest.h: `menace selftest`, one module under one scenario preset.
 *
 * Result file (format version 1), SANDBOX_DATA_DIR/selftest/<path>/<scenario>-<level>.json
 * unless --out names another: {"version": 1, "module", "scenario" (canonical
 * name), "level" ("low"|"high"), "passed", "exit_code" (-N: killed by signal
 * N), "duration_s", "timed_out", "output_tail" (the last 4 KiB of stdout+
 * stderr, valid UTF-8), "runner" ("pytest"|"builtin"|"import"), "test" (the
 * repo-relative test file or null), "confined" (writes were confined)}.
 * Depfile (--depfile): Makefile syntax "OUT: dep \" lines, the module, its
 * test file (and conftest.py files for pytest) and discovered.json's deps,
 * each joined to --repo. */
#ifndef MENACE_SELFTEST_H
#define MENACE_SELFTEST_H

#include <stddef.h>

/* the repo-relative test file of module (repo-relative path), tried in
 * order <dir>/test_<stem>.py, tests/test_<stem>.py, tests/<dir>/test_<stem>.py;
 * malloc'd, or NULL for the import smoke test */
char *selftest_find_test(const char *repo, const char *module);
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
	const char *python;       /* the interpreter */
};

/* 0 when o names a module and a known scenario and level; -1 after a warning */
int selftest_check(const struct selftest_opts *o);
/* run o's test in an isolated child, write the result file, the depfile
 * and a metrics.db row; the exit status: EXIT_OK when the tests ran (passed
 * or failed), EXIT_FAILED when they could not run or a file could not be
 * written, EXIT_USAGE after a warning about o, EXIT_STATE when metrics.db
 * is unusable, EXIT_INTERRUPTED */
int selftest_run(const struct selftest_opts *o);

#endif
