#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "base/suggest.h"
#include "base/htab.h"
#include "base/path.h"
#include "base/util.h"

struct graph *graph_new(void)
{
	struct graph *g = xcalloc(1, sizeof(*g));

	g->nodemap = htab_new(1024);
	g->edgemap = htab_new(256);
	g->rulemap = htab_new(64);
	return g;
}

static void *memdup(const void *p, size_t n)
{
	void *q = xmalloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

/* what an edge owns, but not the edge itself */
static void edge_free_contents(struct edge *e)
{
	size_t i;

	if (e->flat)
		return;
	if (!e->rule || e->name != e->rule->name)
		free(e->name);
	free(e->command);
	free(e->action);
	free(e->with);
	free(e->in);
	free(e->out);
	free(e->needs);
	for (i = 0; i < e->nenv; i++)
		free(e->env[i]);
	free(e->env);
	free(e->depfile);
	free(e->description);
}

static void rule_free_contents(struct rule *r)
{
	if (!r->flat) {
		free(r->name);
		free(r->inst);
	}
	free(r->foreach_from);
	free(r->foreach_key);
	free(r->foreach_skip);
	free(r->src);
}

/* 1 when p is one of the n objects of size sz at base (a flat array) */
static int in_block(const void *p, const void *base, size_t n, size_t sz)
{
	return base && (const char *)p >= (const char *)base &&
	       (const char *)p < (const char *)base + n * sz;
}

static void flat_free(struct graph_flat *f)
{
	if (!f)
		return;
	free(f->nodes);
	free(f->edges);
	free(f->rules);
	free(f->nodeptrs);
	free(f->edgeptrs);
	free(f->strptrs);
	if (f->release)
		f->release(f->ctx);
	free(f);
}

void graph_free(struct graph *g)
{
	struct graph_flat *f;
	size_t i;

	if (!g)
		return;
	f = g->flat;
	for (i = 0; i < g->nnodes; i++) {
		struct node *n = g->nodes[i];

		/* a flat node's use is the block's until edge_add_in copies it */
		if (n->capuse)
			free(n->use);
		if (f && in_block(n, f->nodes, f->nnodes, sizeof(*n)))
			continue;
		free(n->path);
		free(n);
	}
	for (i = 0; i < g->nedges; i++) {
		edge_free_contents(g->edges[i]);
		if (!f || !in_block(g->edges[i], f->edges, f->nedges, sizeof(struct edge)))
			free(g->edges[i]);
	}
	for (i = 0; i < g->nrules; i++) {
		rule_free_contents(g->rules[i]);
		if (!f || !in_block(g->rules[i], f->rules, f->nrules, sizeof(struct rule)))
			free(g->rules[i]);
	}
	for (i = 0; i < g->npools; i++) {
		free(g->pools[i]->name);
		free(g->pools[i]);
	}
	for (i = 0; i < g->nfiles; i++)
		free(g->files[i]);
	free(g->files);
	for (i = 0; i < g->nreads; i++)
		free(g->reads[i]);
	free(g->reads);
	free(g->remote_cache);
	free(g->loader);
	free(g->pools);
	free(g->defaults);
	free(g->nodes);
	free(g->edges);
	free(g->rules);
	htab_free(g->nodemap);
	htab_free(g->edgemap);
	htab_free(g->rulemap);
	flat_free(f);
	free(g);
}

void graph_index_put(uint32_t *slot, size_t cap, uint64_t h, uint32_t id)
{
	size_t i = (size_t)h & (cap - 1);

	while (slot[2 * i])
		i = (i + 1) & (cap - 1);
	slot[2 * i] = id + 1;
	slot[2 * i + 1] = (uint32_t)h;
}

enum { KIND_NODE, KIND_EDGE, KIND_RULE };

/* the id of the flat object of kind named key, or -1; at most cap probes,
 * and an id out of range ends the search (the index is only read) */
static long flat_find(const struct graph *g, int kind, const char *key, size_t len)
{
	const struct graph_flat *f = g->flat;
	const struct graph_index *ix = kind == KIND_NODE ? &f->nodeidx : kind == KIND_EDGE ? &f->edgeidx : &f->ruleidx;
	size_t n = kind == KIND_NODE ? f->nnodes : kind == KIND_EDGE ? f->nedges : f->nrules;
	uint64_t h;
	size_t i, k;

	if (!ix->cap)
		return -1;
	h = htab_hash(key, len);
	i = (size_t)h & (ix->cap - 1);
	for (k = 0; k < ix->cap; k++, i = (i + 1) & (ix->cap - 1)) {
		uint32_t id = ix->slot[2 * i];
		const char *name;

		if (id == 0 || id > n)
			return -1;
		if (ix->slot[2 * i + 1] != (uint32_t)h)
			continue;
		id--;
		if (kind == KIND_NODE) {
			if (f->nodes[id].pathlen == len && memcmp(f->nodes[id].path, key, len) == 0)
				return id;
			continue;
		}
		name = kind == KIND_EDGE ? f->edges[id].name : f->rules[id].name;
		if (strncmp(name, key, len) == 0 && name[len] == '\0')
			return id;
	}
	return -1;
}

/* copy a flat edge's strings and lists out of the image, so they can change */
static void edge_own(struct edge *e)
{
	size_t i;
	char **env = e->nenv ? xcalloc(e->nenv, sizeof(*env)) : NULL;

	e->flat = 0;
	e->name = xstrdup(e->name);
	e->command = e->command ? xstrdup(e->command) : NULL;
	e->action = e->action ? xstrdup(e->action) : NULL;
	e->with = e->with ? xstrdup(e->with) : NULL;
	e->depfile = e->depfile ? xstrdup(e->depfile) : NULL;
	e->description = e->description ? xstrdup(e->description) : NULL;
	e->in = e->nin ? memdup(e->in, e->nin * sizeof(e->in[0])) : NULL;
	e->out = e->nout ? memdup(e->out, e->nout * sizeof(e->out[0])) : NULL;
	e->needs = e->nneeds ? memdup(e->needs, e->nneeds * sizeof(e->needs[0])) : NULL;
	for (i = 0; i < e->nenv; i++)
		env[i] = xstrdup(e->env[i]);
	e->env = env;
}

struct node *graph_node(struct graph *g, const char *path, size_t len)
{
	void **slot;
	struct node *n = graph_find_node(g, path, len);

	if (n)
		return n;
	n = xcalloc(1, sizeof(*n));
	n->path = xstrndup(path, len);
	n->pathlen = len;
	n->id = g->nnodes;
	growarray(&g->nodes, &g->capnodes, g->nnodes + 1, sizeof(g->nodes[0]));
	g->nodes[g->nnodes++] = n;
	slot = htab_put(g->nodemap, n->path, len);
	*slot = n;
	return n;
}

struct node *graph_find_node(const struct graph *g, const char *path, size_t len)
{
	long id = g->flat ? flat_find(g, KIND_NODE, path, len) : -1;

	return id >= 0 ? &g->flat->nodes[id] : htab_get(g->nodemap, path, len);
}

struct edge *graph_add_edge(struct graph *g, struct rule *r, const char *name)
{
	struct edge *e;
	void **slot;

	if (graph_find_edge(g, name))
		return NULL;
	e = xcalloc(1, sizeof(*e));
	e->rule = r;
	e->id = g->nedges;
	growarray(&g->edges, &g->capedges, g->nedges + 1, sizeof(g->edges[0]));
	g->edges[g->nedges++] = e;
	if (r) {
		if (r->flat) {
			r->inst = memdup(r->inst, r->ninst * sizeof(r->inst[0]));
			r->name = xstrdup(r->name);
			r->flat = 0;
		}
		r->inst = xreallocarray(r->inst, r->ninst + 1, sizeof(r->inst[0]));
		r->inst[r->ninst++] = e;
	}
	/* a plain rule's instance has its rule's name: one copy, the rule's */
	e->name = r && strcmp(r->name, name) == 0 ? r->name : xstrdup(name);
	slot = htab_put(g->edgemap, e->name, strlen(e->name));
	*slot = e;
	return e;
}

void edge_add_in(struct edge *e, struct node *n)
{
	if (e->flat)
		edge_own(e);
	if (n->nuse && !n->capuse) {
		n->use = memdup(n->use, n->nuse * sizeof(n->use[0]));
		n->capuse = n->nuse;
	}
	e->in = xreallocarray(e->in, e->nin + 1, sizeof(e->in[0]));
	e->in[e->nin++] = n;
	/* most files have one reader: no room for eight (growarray's least) */
	if (n->nuse == n->capuse) {
		n->capuse = n->capuse ? 2 * n->capuse : 1;
		n->use = xreallocarray(n->use, n->capuse, sizeof(n->use[0]));
	}
	n->use[n->nuse++] = e;
}

void edge_add_out(struct edge *e, struct node *n)
{
	if (e->flat)
		edge_own(e);
	e->out = xreallocarray(e->out, e->nout + 1, sizeof(e->out[0]));
	e->out[e->nout++] = n;
	n->gen = e;
}

struct edge *graph_find_edge(const struct graph *g, const char *name)
{
	long id = g->flat ? flat_find(g, KIND_EDGE, name, strlen(name)) : -1;

	return id >= 0 ? &g->flat->edges[id] : htab_get(g->edgemap, name, strlen(name));
}

struct rule *graph_add_rule(struct graph *g, const char *name, struct loc loc)
{
	struct rule *r;
	void **slot;

	if (graph_find_rule(g, name))
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	r->loc = loc;
	growarray(&g->rules, &g->caprules, g->nrules + 1, sizeof(g->rules[0]));
	g->rules[g->nrules++] = r;
	slot = htab_put(g->rulemap, r->name, strlen(r->name));
	*slot = r;
	return r;
}

struct rule *graph_find_rule(const struct graph *g, const char *name)
{
	long id = g->flat ? flat_find(g, KIND_RULE, name, strlen(name)) : -1;

	return id >= 0 ? &g->flat->rules[id] : htab_get(g->rulemap, name, strlen(name));
}

struct pool *graph_find_pool(const struct graph *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->npools; i++)
		if (strcmp(g->pools[i]->name, name) == 0)
			return g->pools[i];
	return NULL;
}

static void add_unique(struct edge *e, unsigned char *seen, struct edge ***out, size_t *nout)
{
	if (seen[e->id])
		return;
	seen[e->id] = 1;
	*out = xreallocarray(*out, *nout + 1, sizeof(**out));
	(*out)[(*nout)++] = e;
}

/* the rule, instance or output name closest to word, or NULL */
static const char *closest_target(const struct graph *g, const char *word)
{
	struct suggest sg;
	size_t i;

	suggest_begin(&sg, word);
	for (i = 0; i < g->nrules; i++)
		suggest_add(&sg, g->rules[i]->name);
	for (i = 0; i < g->nedges; i++)
		suggest_add(&sg, g->edges[i]->name);
	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i]->gen)
			suggest_add(&sg, g->nodes[i]->path);
	return suggest_end(&sg);
}

int graph_targets(struct graph *g, char **names, size_t n, struct edge ***out, size_t *nout)
{
	unsigned char *seen = xcalloc(g->nedges + 1, 1);
	size_t i, j;
	int ret = 0;

	for (i = 0; i < *nout; i++)
		seen[(*out)[i]->id] = 1;
	if (n == 0) {
		if (g->ndefaults) {
			for (i = 0; i < g->ndefaults; i++)
				for (j = 0; j < g->defaults[i]->ninst; j++)
					add_unique(g->defaults[i]->inst[j], seen, out, nout);
		} else {
			for (i = 0; i < g->nedges; i++)
				add_unique(g->edges[i], seen, out, nout);
		}
	}
	for (i = 0; i < n; i++) {
		struct rule *r = graph_find_rule(g, names[i]);
		struct edge *e = graph_find_edge(g, names[i]);
		struct node *nd;
		char *p;

		if (r) {
			for (j = 0; j < r->ninst; j++)
				add_unique(r->inst[j], seen, out, nout);
			continue;
		}
		if (e) {
			add_unique(e, seen, out, nout);
			continue;
		}
		p = path_clean_dup(names[i]);
		nd = graph_find_node(g, p, strlen(p));
		free(p);
		if (nd && nd->gen) {
			add_unique(nd->gen, seen, out, nout);
			continue;
		}
		ret = error("unknown target '%s'%s", names[i], suggest_hint(closest_target(g, names[i])));
	}
	free(seen);
	return ret;
}

static const char *const exec_names[] = {"default", "local", "slurm", "auto"};

int graph_executor(const char *name)
{
	int i;

	for (i = EXEC_LOCAL; i <= EXEC_AUTO; i++)
		if (strcmp(name, exec_names[i]) == 0)
			return i;
	return -1;
}

const char *graph_executor_name(int exec)
{
	return exec >= EXEC_DEFAULT && exec <= EXEC_AUTO ? exec_names[exec] : "default";
}
