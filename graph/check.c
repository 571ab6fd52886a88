/* check.c: the graph-wide steps after every rule is instantiated: needs
 * resolved by name, directory outputs, and the cycle check. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "graph/load.h"
#include "graph/ruledef.h"
#include "base/util.h"

/* needs: each name is every instance of that rule (or one instance) */
int loader_resolve_needs(struct loader *L)
{
	struct graph *g = L->g;
	/* seen[needed id] == needing id + 1: each need once, without a scan
	 * (the pending needs of one instance are consecutive) */
	size_t *seen = xcalloc(g->nedges + 1, sizeof(*seen));
	size_t i, j;

	for (i = 0; i < L->nneed; i++) {
		struct pendneed *pn = &L->need[i];
		struct rule *r = graph_find_rule(g, pn->name);
		struct edge *one = r ? NULL : graph_find_edge(g, pn->name);
		struct edge **add = r ? r->inst : &one;
		size_t nadd = r ? r->ninst : 1;

		if (!r && !one) {
			const char **names = xcalloc(g->nrules + 1, sizeof(char *));
			const char *best;

			for (j = 0; j < g->nrules; j++)
				names[j] = g->rules[j]->name;
			best = closest(pn->name, names, g->nrules);
			if (best)
				lstr_error(&pn->at, -1, "unknown rule '%s' in 'needs' of rule '%s' (did you mean '%s'?)", pn->name,
				           pn->e->rule->name, best);
			else
				lstr_error(&pn->at, -1, "unknown rule '%s' in 'needs' of rule '%s'", pn->name, pn->e->rule->name);
			free(names);
			free(seen);
			return -1;
		}
		for (j = 0; j < nadd; j++) {
			struct edge *e = pn->e;

			if (seen[add[j]->id] == e->id + 1)
				continue;
			seen[add[j]->id] = e->id + 1;
			e->needs = xreallocarray(e->needs, e->nneeds + 1, sizeof(e->needs[0]));
			e->needs[e->nneeds++] = add[j];
		}
	}
	free(seen);
	return 0;
}

/* an input inside a directory output ("gen/" written by one rule, "gen/x"
 * read by another) waits for that rule; another rule may not write inside */
int loader_check_dirs(struct graph *g)
{
	size_t i, j, k;

	for (i = 0; i < g->nnodes; i++) {
		struct node *n = g->nodes[i], *d = NULL;
		size_t len;

		if (n->gen) {
			for (len = n->pathlen; len > 0; len--) {
				struct edge *a, *b = n->gen;

				if (n->path[len - 1] != '/')
					continue;
				d = graph_find_node(g, n->path, len - 1);
				if (!d || !d->is_dir || !d->gen || d->gen == b)
					continue;
				a = d->gen;
				return error("rules '%s' (%s:%d:%d) and '%s' (%s:%d:%d) both write '%s'", a->name,
				             a->rule->loc.file, a->rule->loc.line, a->rule->loc.col, b->name,
				             b->rule->loc.file, b->rule->loc.line, b->rule->loc.col, n->path);
			}
			continue;
		}
		if (n->nuse == 0)
			continue;
		for (len = n->pathlen; len > 0; len--) {
			if (n->path[len - 1] != '/')
				continue;
			d = graph_find_node(g, n->path, len - 1);
			if (d && d->is_dir && d->gen)
				break;
			d = NULL;
		}
		if (!d)
			continue;
		for (j = 0; j < n->nuse; j++) {
			struct edge *e = n->use[j];

			if (e == d->gen)
				continue;
			for (k = 0; k < e->nneeds && e->needs[k] != d->gen; k++)
				;
			if (k < e->nneeds)
				continue;
			e->needs = xreallocarray(e->needs, e->nneeds + 1, sizeof(e->needs[0]));
			e->needs[e->nneeds++] = d->gen;
		}
	}
	return 0;
}

static struct edge *dep_of(struct edge *e, size_t k)
{
	if (k < e->nin)
		return e->in[k]->gen;
	return e->needs[k - e->nin];
}

int graph_check_cycles(struct graph *g)
{
	unsigned char *state = xcalloc(g->nedges + 1, 1);
	struct edge **stack = xcalloc(g->nedges + 1, sizeof(*stack));
	size_t *next = xcalloc(g->nedges + 1, sizeof(*next));
	size_t i, sp, j;
	int ret = 0;

	for (i = 0; i < g->nedges && ret == 0; i++) {
		if (state[i])
			continue;
		sp = 0;
		stack[sp] = g->edges[i];
		next[sp++] = 0;
		state[i] = 1;
		while (sp > 0) {
			struct edge *e = stack[sp - 1], *d;

			if (next[sp - 1] >= e->nin + e->nneeds) {
				state[e->id] = 2;
				sp--;
				continue;
			}
			d = dep_of(e, next[sp - 1]++);
			if (!d || state[d->id] == 2)
				continue;
			if (state[d->id] == 0) {
				state[d->id] = 1;
				stack[sp] = d;
				next[sp++] = 0;
				continue;
			}
			/* d is on the stack: the cycle is stack[at..sp-1], each needing the next.
			 * Print it as data flows (producer -> consumer), from its first rule. */
			{
				size_t at = 0, n, start = 0, m;
				struct buf b = BUF_INIT;

				while (stack[at] != d)
					at++;
				n = sp - at;
				for (j = 0; j < n; j++)
					if (stack[at + j]->id < stack[at + start]->id)
						start = j;
				for (m = 0; m <= n; m++) {
					/* reversed: position start, start-1, ... */
					size_t pos = (start + n - (m % n)) % n;

					if (m)
						buf_puts(&b, " -> ");
					buf_puts(&b, stack[at + pos]->name);
				}
				{
					const struct rule *r = stack[at + start]->rule;

					if (r && r->loc.file)
						error("%s:%d:%d: dependency cycle: %s", r->loc.file, r->loc.line,
						      r->loc.col, b.s);
					else
						error("dependency cycle: %s", b.s);
				}
				buf_free(&b);
				ret = -1;
				break;
			}
		}
	}
	free(state);
	free(stack);
	free(next);
	return ret;
}

