/* selftestrun.h: one self-test's state, shared by the files of `menace
 * selftest`: selftest.c (the run), selftestreq.c (the request to the
 * worker), selftestres.c (the result file and the metrics row). */
#ifndef MENACE_SELFTESTRUN_H
#define MENACE_SELFTESTRUN_H

#include <limits.h>

#include <cjson/cJSON.h>

#include "engine/selfpipe.h"
#include "rules/selftest.h"
#include "rules/workerpool.h"

struct run {
	const struct selftest_opts *o;
	const char *scenario;         /* canonical */
	const char *runner;           /* "pytest", "builtin" or "stub" */
	char *module, *modfull;       /* repo-relative; joined to the repo */
	char *test, *test_abs;        /* the test file or NULL; its absolute path */
	char *out;                    /* the result file */
	char *outcomes;               /* the child's outcomes file, read before
	                               * the worker (and its directory) is let go */
	size_t outcomes_len;
	char *edge_cases;             /* the request's edge_cases, or NULL */
	char repo_abs[PATH_MAX];
	char writable[PATH_MAX];      /* the child's HOME+TMPDIR: its worker's wK.home */
	unsigned long long seed;
	struct selfpipe sp;
	struct workerpool *pool;
	int private_pool;             /* pool is this run's own */
	struct worker w;
	struct worker_result res;
	char *interpreter;            /* the worker's sys.executable */
};

/* key: v as a JSON number written in full (cJSON's doubles lose the low
 * digits of a 64-bit value) */
void selftest_add_u64(cJSON *o, const char *key, unsigned long long v);
/* the request line for r (r->w holds the worker's hello): malloc'd, or
 * NULL after a warning */
char *selftest_request(struct run *r);
/* the output names the harness and the child's home by their temporary
 * directories: "menace_harness/..." and "$TMPDIR" in their place, so a
 * result is the same in every run with the same seed (while r->pool is
 * still there) */
void selftest_stable_tail(struct run *r);
/* the child's outcomes file into r->outcomes (NULL when it wrote none),
 * while r's worker is still held */
void selftest_read_outcomes(struct run *r);
/* the result file of r: 0, or -1 after a warning */
int selftest_write_result(struct run *r);
/* the metrics.db row of r: 0, or -1 after a warning */
int selftest_record(struct run *r);

#endif
