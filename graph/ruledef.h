/* ruledef.h: a rule as written (strings with their places), shared by the
 * YAML reader (load.c) and the instance builder (instance.c). Internal to
 * graph/. */
#ifndef MENACE_RULEDEF_H
#define MENACE_RULEDEF_H

#include <stddef.h>

#include "expand.h"
#include "graph.h"

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
};

/* needs named by an instance, resolved once every rule is instantiated */
struct pendneed {
	struct edge *e;
	struct lstr at;
	char *name;
};

/* an optional plain input ("-path"): dropped when absent and made by no rule */
struct optin {
	struct edge *e;
	struct node *n;
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
	struct optin *opt;
	size_t nopt, capopt;
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
/* drop the optional inputs that are absent and made by no rule */
void loader_drop_optional(struct loader *L);
/* the names of the built-in actions a use: may name */
extern const char *const actions[];
extern const size_t nactions;

#endif
