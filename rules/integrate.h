/* integrate.h: the integrate stage of the sandbox (docs/sandbox.md).
 *
 * Reads SANDBOX_DATA_DIR/discovered.json and scores.json; writes
 * module_map.json, orphan_modules.json and workflows.json (all format 1,
 * keys sorted, written atomically).
 *
 *   module_map.json      {"modules": {path: group}, "groups": {group: [paths]},
 *                        ["hashes": {path: hash}], ["adopted": {path: hash}]}
 *                        group: an integer id (a string when an older file had one);
 *                        hashes: the content hash (modhash.h) each module had when
 *                        integrate put it in the map; adopted: the one each module
 *                        had when integrate first found it there, put by something
 *                        else (discover does not queue those while it is the same)
 *   orphan_modules.json  {path: {parents[], classification, redundant,
 *                        [failed: bool, when tested], [reason, when not integrated]}}
 *                        reason: legacy | redundant | not_tested | failed_tests | low_roi
 *   workflows.json       [{id, workflow: ["pkg.a"], title, status: "pending"}]
 *
 * Older shapes read: module_map.json as a flat {path: group}; orphan_modules.json
 * as a list of paths; a path without ".py" ("pkg/a", "pkg.a") names pkg/a.py,
 * or the discovered module of that dotted name (a package's __init__.py). */
#ifndef MENACE_INTEGRATE_H
#define MENACE_INTEGRATE_H

#include <cjson/cJSON.h>

/* the rules of a run; the files, for integrate_stage (cli/cmd_integrate.c) */
struct integrate_opts {
	double min_roi;        /* MIN_INTEGRATION_ROI, default 0.0 */
	int test_redundant;    /* SANDBOX_TEST_REDUNDANT, default 1 */
	int clean_orphans;     /* SANDBOX_CLEAN_ORPHANS, default 1 */
	const char *data;      /* SANDBOX_DATA_DIR: the outputs, metrics.db, the defaults */
	const char *discovered;/* NULL: DATA/discovered.json */
	const char *scores;    /* NULL: DATA/scores.json */
	const char *repo;      /* the repository, for the content hashes the map
	                        * records (modhash.h); NULL: none recorded */
};

struct integrate_result {
	cJSON *module_map;     /* the new module_map.json */
	cJSON *orphans;        /* the new orphan_modules.json */
	cJSON *workflows;      /* the new workflows.json */
	/* {path: {outcome, reason, [group]}} of this run: outcome integrated (new
	 * in the map), kept (already there), rejected (tested, not integrated),
	 * untested (no score read); reason "" when integrated or kept */
	cJSON *outcomes;
};

/* decide every discovered module; old_* (the files as they were) may be NULL.
 * 0 with r filled (free with integrate_result_free), or -1 after a warning
 * about an input of the wrong shape. The inputs' keys get sorted. */
int integrate_run(const struct integrate_opts *o, cJSON *discovered, cJSON *scores,
                  cJSON *old_map, cJSON *old_orphans, cJSON *old_workflows,
                  struct integrate_result *r);
void integrate_result_free(struct integrate_result *r);
/* record a run's outcomes in DIR/metrics.db (table integrations); 0 or -1 after a warning */
int integrate_record(const char *data_dir, const cJSON *outcomes);
/* the integrate stage: integrate_run over o's files, the outputs written,
 * the outcomes recorded and printed ("path: outcome (group G)" or
 * "(reason)"): the exit status, EXIT_FAILED when an input is missing or
 * malformed or an output cannot be written, EXIT_STATE when metrics.db is
 * unusable */
int integrate_stage(const struct integrate_opts *o);
/* malloc'd repo-relative path of name (path, path without .py, or dotted
 * module name); discovered (may be NULL) resolves package names */
char *integrate_norm_path(const char *name, const cJSON *discovered);

#endif
