/* ruledef.h: a rule as written (strings with their places), shared by the
 * rule reader (ruleread.c) and the instance builder (instance.c), and the
 * state of one loading they share. Internal to graph/. */
#ifndef MENACE_RULEDEF_H
#define MENACE_RULEDEF_H

#include <stddef.h>

#include "graph/expand.h"
#include "graph/graph.h"

enum wkind { W_STRING, W_NUMBER, W_BOOL, W_LIST };

/* a with: value, or one element of a with: list */
struct wval {
	enum wkind kind;
	struct lstr s;         /* W_STRING; the text of W_NUMBER/W_BOOL too */
	double num;
	int b;
	struct wval *list;     /* W_LIST */
	size_t n;
};

struct wentry {
	struct lstr key;
	struct wval val;
};

struct mparam {
	struct lstr name;
	struct lstr *vals;
	size_t n;
};

struct ruledef {
	struct rule *rule;
	struct lstr run, use, depfile, pool, description;   /* .s NULL when absent */
	struct lstr *in, *out, *needs, *env;
	size_t nin, nout, nneeds, nenv;
	struct wentry *with;
	size_t nwith;
	int has_with;
	struct mparam *matrix;
	size_t nmatrix;
	int foreach;
	struct lstr fe_from, fe_key, fe_skip;
	double timeout;
	int always, nocache;
	unsigned char executor;   /* enum edge_exec */
	struct edge_res res;
	int late;              /* late.c: instantiated after the foreach rules in after */
	struct rule **after;   /* the foreach (or late) rules whose outputs it may read */
	size_t nafter;
};

/* needs named by an instance, resolved once every rule is instantiated */
struct pendneed {
	struct edge *e;
	struct lstr at;
	char *name;
};

/* a glob of an in: list and what it matched (graph_load checks that every
 * glob gives the same match set once every output of the graph is known) */
struct globuse {
	struct edge *e;
	struct lstr at;
	char *pattern;
	int optional;               /* 1 "-glob", 2 "-path" (a path kept or dropped) */
	size_t n;                   /* how many paths it matched */
	unsigned long long h;       /* a hash of them, in order */
};

struct loader {
	struct graph *g;
	struct vars *vars;
	struct globber *glob;
	char *root;                 /* the workspace: the manifest's directory */
	unsigned *stamp;            /* per node id: last instance that added it */
	size_t capstamp;
	unsigned curstamp;
	struct pendneed *need;
	size_t nneed, capneed;
	struct globuse *gu;         /* NULL unless record_globs */
	size_t ngu, capgu;
	struct edge *reuse;         /* graph_expand_late: the template edge, reused for an instance of its name */
	int record_globs;           /* graph_load: record globs, report empty ones in loader_check_globs */
};

/* build the instances of d (matrix), or its foreach template; 0 or -1 */
int ruledef_instantiate(struct loader *L, struct ruledef *d);
/* the instances of d for one foreach element (elem NULL: none), one per
 * matrix combination, with x giving vars/item; 0 or -1 */
int ruledef_build(struct loader *L, struct ruledef *d, struct xctx *x, const char *elem);
/* resolve the pending needs (rule or instance names); 0 or -1 */
int loader_resolve_needs(struct loader *L);
/* inputs inside a directory output need its writer; writing inside one is
 * a duplicate output; 0 or -1 */
int loader_check_dirs(struct graph *g);
/* before any rule is instantiated: mark the defs that may read what a
 * foreach instance writes (late.c) */
void loader_mark_late(struct loader *L, struct ruledef **defs, size_t n);
/* after every rule is instantiated: 0 when each recorded glob matches what
 * it matched when its rule was instantiated, 1 when one now matches more
 * or less (an output of a later rule: load again with every output known),
 * -1 after "'P' in rule 'R' matches no file" */
int loader_check_globs(struct loader *L);
void loader_free_globs(struct loader *L);

#endif
