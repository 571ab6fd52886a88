/* discover.h: orphan discovery over a Python repository (sandbox.md, "discover").
 *
 * Output formats (version 1, all keys sorted, paths repo-relative POSIX):
 *   discovered.json              {path: {classification, deps[], module, parents[], redundant}}
 *   orphan_classifications.json  {path: {classification, parents[], redundant}}
 *   test_queue.json              [path, ...] sorted: the orphans found, without
 *                                the redundant ones when test_redundant is 0
 * classification is "legacy", "redundant" or "candidate"; redundant is true
 * for legacy and redundant modules. docs/sandbox.md has the rules. */
#ifndef MENACE_DISCOVER_H
#define MENACE_DISCOVER_H

#include <stddef.h>
#include <stdio.h>

struct cJSON;

struct discover_opts {
	const char *repo;       /* the repository root */
	const char **skip;      /* extra skipped dirs: a name (any depth) or a path with '/' */
	size_t nskip;
	int recursive;          /* follow recursive orphans (SANDBOX_RECURSIVE_ORPHANS) */
	int max_depth;          /* import hops followed from a first-round orphan; < 0: no limit */
	int test_redundant;     /* queue redundant/legacy orphans too (SANDBOX_TEST_REDUNDANT) */
	int threads;            /* scanning threads; <= 0: one per core */
	const char **exclude;   /* file patterns that are never orphans (test files,
	                         * entry points); NULL: discover_default_exclude */
	size_t nexclude;
	const struct cJSON *module_map;  /* module_map.json as read, or NULL: the
	                         * modules it holds are not queued (discoverjson.c) */
};

/* test_*.py *_test.py conftest.py sitecustomize.py setup.py __main__.py, NULL-ended */
extern const char *const discover_default_exclude[];

struct discovery;

/* scan the repository and find the orphans; NULL after a warning when the
 * repository cannot be read. Files that do not tokenize are reported on
 * stderr ("menace: pkg/bad.py:3: ...") and left out. */
struct discovery *discover_run(const struct discover_opts *o);
void discover_free(struct discovery *d);
/* number of files scanned (tokenized) and of orphans found */
size_t discover_nfiles(const struct discovery *d);
size_t discover_norphans(const struct discovery *d);
/* orphans left out of the queue because module_map.json holds them
 * (counted by discover_queue_json) */
size_t discover_nintegrated(const struct discovery *d);
/* 1 when the queue depends on module_map.json: it names a module that
 * menace did not test and integrate itself (no "hashes" entry) */
int discover_map_matters(const struct cJSON *module_map);
/* the three documents of the header comment (caller frees with cJSON_Delete) */
struct cJSON *discover_json(const struct discovery *d);
struct cJSON *discover_classifications_json(const struct discovery *d);
struct cJSON *discover_queue_json(const struct discovery *d);
/* write FILE's imports, one per line: "LINE import a.b", "LINE from ..x import y",
 * "LINE dynamic a.b" (dots for a relative level); 0, or -1 after a warning */
int discover_print_imports(const char *path, FILE *out);

#endif
