/* load.h: reading menace.yaml (docs/manifest.md) into a struct graph:
 * includes, vars and ${...} expansion, matrix, globs, needs, the checks
 * (unknown keys, duplicate names and outputs, escaping paths, cycles), and
 * the late expansion of foreach rules. */
#ifndef MENACE_LOAD_H
#define MENACE_LOAD_H

#include <stddef.h>

#include "graph/graph.h"

/* limits of the manifest (docs/manifest.md, "Limits"): bytes of one file
 * (the manifest or an include), depth of nested lists and maps, a rule's
 * timeout in seconds, a pool's depth */
#define MANIFEST_MAX_BYTES ((size_t)128 << 20)
#define MANIFEST_MAX_DEPTH 64
#define MANIFEST_MAX_TIMEOUT 1000000.0
#define MANIFEST_MAX_POOL 1000000

struct actions;

/* how to load a manifest */
struct load_opts {
	char **defines;             /* -D overrides, "NAME=VALUE" each */
	size_t ndefines;
	const struct actions *actions;   /* what a use: may name, with its with:
	                                  * keys (graph/action.h); NULL: none */
	/* globs never match a file on disk for which skip(skip_ctx, path)
	 * returns 1 (the outputs a rule used to write and no rule writes now;
	 * outputs of the graph always match); kept in the graph (glob_skip)
	 * for the globs of foreach expansions. NULL: no such file */
	int (*skip)(void *ctx, const char *path);
	void *skip_ctx;
};

/* load manifest (and its includes) as o says (NULL: no defines, no
 * actions, no skip), expand every rule, check the graph (including
 * cycles); NULL after printing the error(s) as "menace: file:line:col:
 * message" (the caller exits 2). graph->files lists every YAML file read,
 * the manifest first. A foreach rule becomes one edge named after the
 * rule, flagged EDGE_TEMPLATE, whose only input is the foreach list file;
 * rule->src holds its template as a malloc'd NUL-terminated JSON string
 * (char *), so a snapshot can keep it. A glob is resolved against every
 * output of the graph, whichever rule writes it (a second reading of the
 * manifest when a glob of an earlier rule matches an output of a later
 * one) */
struct graph *graph_load(const char *manifest, const struct load_opts *o);

/* the cycle check graph_load runs (through inputs' producers and needs):
 * 0, or -1 after "dependency cycle: a -> b -> a" (producer -> consumer) */
int graph_check_cycles(struct graph *g);

/* expand the foreach rule r from the JSON list (a JSON array, or an object
 * whose sorted keys are the elements) and the optional skip list (a JSON
 * array of element names, or of {"name", "unchanged"} entries that hold
 * while graph_skip_unchanged(); NULL/0: none): one new edge per element, named
 * "rule[ELEMENT]" (with matrix "rule[ELEMENT,p=v]"), appended to g->edges
 * (ids of existing edges never change). r->inst becomes the new edges. The
 * template edge keeps its id and name, loses EDGE_TEMPLATE, gains
 * EDGE_GROUP, and needs every new instance, so whatever needed the rule
 * waits for all of them through it. 0, or -1 after printing an error */
int graph_expand_foreach(struct graph *g, struct rule *r, const char *list_json, size_t len,
                         const char *skip_json, size_t skiplen);

struct cJSON;
/* 1 when the files of a skip entry's "unchanged" map ({path: XXH3-128
 * hex, or null for a file that must be absent}; paths relative to the
 * current directory or absolute) are as it says, else 0: the test
 * graph_expand_foreach makes for such an entry (docs/manifest.md) */
int graph_skip_unchanged(const struct cJSON *files);

/* instantiate the late rule r (a template without foreach list, waiting
 * for the foreach rules whose outputs it may read: graph/late.c) now that
 * they are expanded: its globs see their instances' outputs. Without a
 * matrix the template edge itself becomes the instance (same id and name,
 * EDGE_TEMPLATE cleared); with one, new edges "rule[p=v]" are appended
 * and the template becomes a group as in graph_expand_foreach. 0, or -1
 * after printing an error */
int graph_expand_late(struct graph *g, struct rule *r);

/* call fn with each value of r's matrix parameter param, vars resolved (a
 * foreach rule's from its template, a plain rule's from its instances'
 * names, so a value may come more than once): the number of calls, 0 when
 * r has no such parameter, -1 after an error */
int graph_rule_matrix(const struct rule *r, const char *param,
                      void (*fn)(void *ctx, const char *val), void *ctx);

#endif
