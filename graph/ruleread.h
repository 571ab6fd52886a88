/* ruleread.h: reading one entry of rules: into a struct ruledef (ruledef.h).
 * Internal to graph/: the loader (load.c) calls it for each rule. */
#ifndef MENACE_RULEREAD_H
#define MENACE_RULEREAD_H

#include "graph/graph.h"
#include "graph/ruledef.h"
#include "graph/yfile.h"

struct actions;

/* the rule named by key k with the map v (both of f), added to g; a use:
 * must name an action of t (NULL: none) and its with: keys that action's.
 * NULL after an error (a bad or taken name, an unknown key, a bad value) */
struct ruledef *ruledef_read(struct graph *g, const struct actions *t, struct yfile *f, struct ynode *k,
                             struct ynode *v);
/* free d and what it holds (not its rule, nor the strings of its lstrs) */
void ruledef_free(struct ruledef *d);

/* executor: x (local, slurm, auto) into *out (enum edge_exec); 0, or -1
 * after "what must be local, slurm or auto" at x */
int read_executor(struct yfile *f, struct ynode *x, const char *what, unsigned char *out);

/* a var or matrix parameter name: a letter or '_', then letters, digits, '_' or '-' */
int var_name_ok(const char *s);
/* in, out, item, env: names ${...} gives a meaning of its own */
int var_name_reserved(const char *s);

#endif
