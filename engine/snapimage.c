/* snapimage.c: the graph as a flat image, the second part of the graph
 * snapshot (snapshot.c). The snapshot file is mapped read-only and this
 * part is used in place: every string is stored once (interned) and
 * NUL-terminated, and node paths, edge names, commands and the like point
 * into the mapping; nodes, edges and rules become three arrays allocated
 * once, their lists slices of three pointer blocks (graph.h, struct
 * graph_flat), and names are found through indexes stored in the image.
 * Rules that expand later (foreach and late rules: those with a template)
 * and their edges are copied out instead, for the loader changes them.
 * Past 700 lines because the format's writer and its reader stand side by
 * side, so a change to one is made against the other.
 *
 * Layout, native byte order, every section 8-byte aligned, offsets from the
 * start of the file; a string is a u32 offset into the string section (~0
 * for none), an id a u32 index. Written in this order, the tables as they
 * are made:
 *   pools     struct ipool
 *   nodes     struct inode, in id order
 *   rules     struct irule, in manifest order
 *   edges     struct iedge, in id order; lists as slices of ids
 *   defaults  u32 rule ids
 *   reads     u32 strings
 *   strings   the strings, each NUL-terminated (bytes)
 *   ids       u32: node ids (in, out), edge ids (needs), strings (env)
 *   nodeidx, edgeidx, ruleidx
 *             the name indexes (graph.h, struct graph_index): cap slots of
 *             two u32 each
 *   toc       struct toc: per section its offset and element count, then
 *             remote_cache (a string) and the top-level executor
 * Every offset, count, id and slice is checked against its section before
 * use, and the slices together cover at most the ids; a failed check
 * rejects the snapshot. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include <unistd.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/htab.h"
#include "base/util.h"
#include "engine/snapimage.h"
#include "graph/graph.h"

#define NONE 0xffffffffu

struct sec {
	uint64_t off, n;
};

struct toc {
	struct sec strings, pools, nodes, rules, edges, ids, defaults, reads;
	struct sec nodeidx, edgeidx, ruleidx;
	uint32_t remote_cache, executor;
};

struct ipool {
	uint32_t name;
	int32_t depth;
};

struct inode {
	uint32_t path, is_dir;
};

struct irule {
	uint32_t name, file;   /* file: index in graph.files, or ~0 */
	int32_t line, col;
	uint32_t foreach_from, foreach_key, foreach_skip, src;
};

struct islice {
	uint32_t first, n;
};

struct iedge {
	uint32_t name, rule, command, action, with, depfile, description, pool;
	struct islice in, out, needs, env;
	uint32_t flags, executor;
	int32_t cpus, pad;
	int64_t mem;
	double timeout, time;
};

/* --- writing --- */

struct writer {
	struct buf str;       /* the string section */
	struct htab *seen;    /* string -> its offset + 1 */
	struct buf ids;
	uint32_t nids;
};

static uint32_t intern(struct writer *w, const char *s)
{
	void **slot;
	uint32_t off;

	if (!s)
		return NONE;
	slot = htab_put(w->seen, s, strlen(s));
	if (*slot)
		return (uint32_t)((uintptr_t)*slot - 1);
	off = (uint32_t)w->str.len;
	buf_put(&w->str, s, strlen(s) + 1);
	*slot = (void *)(uintptr_t)(off + 1);
	return off;
}

/* append a string unlike every other (a node's path, an edge's name) */
static uint32_t unique(struct writer *w, const char *s)
{
	uint32_t off = (uint32_t)w->str.len;

	buf_put(&w->str, s, strlen(s) + 1);
	return off;
}

static void put_id(struct writer *w, uint32_t id)
{
	buf_put(&w->ids, &id, sizeof(id));
	w->nids++;
}

static struct islice node_list(struct writer *w, struct node **v, size_t n)
{
	struct islice s = {w->nids, (uint32_t)n};
	size_t i;

	for (i = 0; i < n; i++)
		put_id(w, (uint32_t)v[i]->id);
	return s;
}

static uint32_t file_index(const struct graph *g, const char *file)
{
	size_t i;

	for (i = 0; file && i < g->nfiles; i++)
		if (g->files[i] == file || strcmp(g->files[i], file) == 0)
			return (uint32_t)i;
	return NONE;
}

static uint32_t pool_index(const struct graph *g, const struct pool *p)
{
	size_t i;

	for (i = 0; p && i < g->npools; i++)
		if (g->pools[i] == p)
			return (uint32_t)i;
	return NONE;
}

/* each edge's rule by index, found through the rules' instances (an edge
 * left out of its rule's by foreach expansion: by a search) */
static uint32_t *rule_ids(const struct graph *g)
{
	uint32_t *ri = xmalloc((g->nedges + 1) * sizeof(ri[0]));
	size_t i, j;

	for (i = 0; i < g->nedges; i++)
		ri[i] = NONE;
	for (i = 0; i < g->nrules; i++)
		for (j = 0; j < g->rules[i]->ninst; j++)
			ri[g->rules[i]->inst[j]->id] = (uint32_t)i;
	for (i = 0; i < g->nedges; i++)
		for (j = 0; ri[i] == NONE && g->edges[i]->rule && j < g->nrules; j++)
			if (g->rules[j] == g->edges[i]->rule)
				ri[i] = (uint32_t)j;
	return ri;
}

int snapsink_open(struct snapsink *s, const char *path, size_t head)
{
	static const char zeros[256];

	s->tmp = fsio_tmp_name(path, (long)getpid());
	s->f = fopen(s->tmp, "wb");
	s->sum = XXH3_createState();
	s->off = head;
	if (!s->f || !s->sum || head > sizeof(zeros) || fwrite(zeros, 1, head, s->f) != head) {
		snapsink_commit(s, path, NULL, 0);
		return -1;
	}
	XXH3_128bits_reset(s->sum);
	return 0;
}

struct hash snapsink_sum(struct snapsink *s)
{
	XXH128_hash_t x = XXH3_128bits_digest(s->sum);
	struct hash h = {x.low64, x.high64};

	return h;
}

int snapsink_commit(struct snapsink *s, const char *path, const void *h, size_t head)
{
	int ret = -1;

	if (h && s->f && fseek(s->f, 0, SEEK_SET) == 0 && fwrite(h, 1, head, s->f) == head && !ferror(s->f)) {
		ret = fclose(s->f) == 0 && rename(s->tmp, path) == 0 ? 0 : -1;
		s->f = NULL;
	}
	if (ret < 0)
		warn("cannot write '%s':", path);
	if (s->f)
		fclose(s->f);
	if (ret < 0)
		unlink(s->tmp);
	if (s->sum)
		XXH3_freeState(s->sum);
	free(s->tmp);
	memset(s, 0, sizeof(*s));
	return ret;
}

void snapsink_put(struct snapsink *s, const void *p, size_t n)
{
	if (!n)
		return;
	fwrite(p, 1, n, s->f);
	XXH3_128bits_update(s->sum, p, n);
	s->off += n;
}

static void put_edge(struct writer *w, struct snapsink *b, const struct graph *g, struct edge *e, uint32_t ri)
{
	struct iedge ie;
	size_t j;

	memset(&ie, 0, sizeof(ie));
	ie.name = unique(w, e->name);
	ie.rule = ri;
	ie.command = intern(w, e->command);
	ie.action = intern(w, e->action);
	ie.with = intern(w, e->with);
	ie.depfile = intern(w, e->depfile);
	ie.description = !e->description || strcmp(e->description, e->name) == 0 ? ie.name
	                                                                        : intern(w, e->description);
	ie.pool = pool_index(g, e->pool);
	ie.in = node_list(w, e->in, e->nin);
	ie.out = node_list(w, e->out, e->nout);
	ie.needs.first = w->nids;
	ie.needs.n = (uint32_t)e->nneeds;
	for (j = 0; j < e->nneeds; j++)
		put_id(w, (uint32_t)e->needs[j]->id);
	ie.env.first = w->nids;
	ie.env.n = (uint32_t)e->nenv;
	for (j = 0; j < e->nenv; j++)
		put_id(w, intern(w, e->env[j]));
	ie.flags = e->flags;
	ie.executor = e->executor;
	ie.cpus = e->res.cpus;
	ie.mem = e->res.mem;
	ie.timeout = e->timeout;
	ie.time = e->res.time;
	snapsink_put(b, &ie, sizeof(ie));
}

/* start section s of n elements at the next 8-byte boundary, and write
 * its len bytes at p (or none: the caller writes them) */
static void section_put(struct snapsink *b, struct sec *s, const void *p, size_t len, size_t n)
{
	static const char zeros[8];

	snapsink_put(b, zeros, (8 - b->off % 8) % 8);
	s->off = b->off;
	s->n = n;
	snapsink_put(b, p, len);
}

/* the name index of n names: key(i) is the name of id i */
static void put_index(struct snapsink *b, struct sec *s, const struct graph *g, size_t n,
                      const char *(*key)(const struct graph *, size_t, size_t *))
{
	size_t cap = 0, i;
	uint32_t *slot;

	if (n) {
		cap = 16;
		while (cap * 4 < n * 5 || cap <= n)
			cap *= 2;
	}
	slot = xcalloc(2 * cap + 1, sizeof(slot[0]));
	for (i = 0; i < n; i++) {
		size_t len;
		const char *k = key(g, i, &len);

		graph_index_put(slot, cap, htab_hash(k, len), (uint32_t)i);
	}
	section_put(b, s, slot, 2 * cap * sizeof(slot[0]), cap);
	free(slot);
}

static const char *node_key(const struct graph *g, size_t i, size_t *len)
{
	*len = g->nodes[i]->pathlen;
	return g->nodes[i]->path;
}

static const char *edge_key(const struct graph *g, size_t i, size_t *len)
{
	*len = strlen(g->edges[i]->name);
	return g->edges[i]->name;
}

static const char *rule_key(const struct graph *g, size_t i, size_t *len)
{
	*len = strlen(g->rules[i]->name);
	return g->rules[i]->name;
}

uint64_t snapimage_put(struct snapsink *b, struct graph *g)
{
	struct writer w = {BUF_INIT, htab_new(1024), BUF_INIT, 0};
	uint32_t *ri = rule_ids(g);
	size_t i;
	struct toc t;

	memset(&t, 0, sizeof(t));
	section_put(b, &t.pools, NULL, 0, g->npools);
	for (i = 0; i < g->npools; i++) {
		struct ipool p = {intern(&w, g->pools[i]->name), g->pools[i]->depth};

		snapsink_put(b, &p, sizeof(p));
	}
	section_put(b, &t.nodes, NULL, 0, g->nnodes);
	for (i = 0; i < g->nnodes; i++) {
		struct inode n = {unique(&w, g->nodes[i]->path), g->nodes[i]->is_dir ? 1 : 0};

		snapsink_put(b, &n, sizeof(n));
	}
	section_put(b, &t.rules, NULL, 0, g->nrules);
	for (i = 0; i < g->nrules; i++) {
		struct rule *r = g->rules[i];
		struct irule ir = {unique(&w, r->name), file_index(g, r->loc.file), r->loc.line, r->loc.col,
		                   intern(&w, r->foreach_from), intern(&w, r->foreach_key),
		                   intern(&w, r->foreach_skip), intern(&w, r->src)};

		snapsink_put(b, &ir, sizeof(ir));
	}
	section_put(b, &t.edges, NULL, 0, g->nedges);
	for (i = 0; i < g->nedges; i++)
		put_edge(&w, b, g, g->edges[i], ri[i]);
	section_put(b, &t.defaults, NULL, 0, g->ndefaults);
	for (i = 0; i < g->ndefaults; i++) {
		uint32_t id = NONE;
		size_t j;

		for (j = 0; j < g->nrules; j++)
			if (g->rules[j] == g->defaults[i])
				id = (uint32_t)j;
		snapsink_put(b, &id, sizeof(id));
	}
	section_put(b, &t.reads, NULL, 0, g->nreads);
	for (i = 0; i < g->nreads; i++) {
		uint32_t s = intern(&w, g->reads[i]);

		snapsink_put(b, &s, sizeof(s));
	}
	t.remote_cache = intern(&w, g->remote_cache);
	t.executor = g->executor;
	section_put(b, &t.strings, w.str.s, w.str.len, w.str.len);
	buf_free(&w.str);
	section_put(b, &t.ids, w.ids.s, w.ids.len, w.nids);
	buf_free(&w.ids);
	put_index(b, &t.nodeidx, g, g->nnodes, node_key);
	put_index(b, &t.edgeidx, g, g->nedges, edge_key);
	put_index(b, &t.ruleidx, g, g->nrules, rule_key);
	free(ri);
	htab_free(w.seen);
	{
		struct sec toc;

		section_put(b, &toc, &t, sizeof(t), 1);
		return toc.off;
	}
}

/* --- reading --- */

struct reader {
	const char *base;
	size_t size;
	struct toc t;
	const char *str;
	size_t nstr;
	const uint32_t *ids;
	size_t nids;
	int bad;
};

/* section s of elements of elem bytes, or NULL (bad) when it does not lie
 * in the file, aligned, with fewer than 2^32 - 1 elements */
static const void *section(struct reader *r, const struct sec *s, size_t elem)
{
	if (s->off % 8 || s->off > r->size || s->n >= NONE || s->n > (r->size - s->off) / elem) {
		r->bad = 1;
		return NULL;
	}
	return r->base + s->off;
}

/* the string at off, NULL for none (or, setting bad, out of range) */
static const char *str(struct reader *r, uint32_t off)
{
	if (off == NONE)
		return NULL;
	if (off >= r->nstr) {
		r->bad = 1;
		return NULL;
	}
	return r->str + off;
}

static char *dupstr(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* slice s of the ids, or NULL (bad) when outside */
static const uint32_t *slice(struct reader *r, struct islice s)
{
	if ((uint64_t)s.first + s.n > r->nids) {
		r->bad = 1;
		return NULL;
	}
	return r->ids + s.first;
}

static void read_rules(struct reader *r, struct graph *g, const struct irule *v)
{
	struct graph_flat *f = g->flat;
	size_t i;

	for (i = 0; i < f->nrules && !r->bad; i++) {
		const struct irule *ir = &v[i];
		struct rule *ru = &f->rules[i];
		const char *name = str(r, ir->name);

		if (!name || (ir->file != NONE && ir->file >= g->nfiles)) {
			r->bad = 1;
			break;
		}
		/* a rule with a template expands later: the loader changes it */
		ru->flat = ir->src == NONE && ir->foreach_from == NONE;
		ru->name = ru->flat ? (char *)name : xstrdup(name);
		ru->loc.file = ir->file == NONE ? NULL : g->files[ir->file];
		ru->loc.line = ir->line;
		ru->loc.col = ir->col;
		ru->foreach_from = dupstr(str(r, ir->foreach_from));
		ru->foreach_key = dupstr(str(r, ir->foreach_key));
		ru->foreach_skip = dupstr(str(r, ir->foreach_skip));
		ru->src = dupstr(str(r, ir->src));
	}
}

/* the edges of a flat rule are flat; the others, with templates, own theirs */
static int edge_is_flat(const struct graph_flat *f, const struct iedge *ie)
{
	return (ie->rule == NONE || f->rules[ie->rule].flat) && !(ie->flags & (EDGE_TEMPLATE | EDGE_GROUP));
}

/* check every edge's rule and slices, and size the pointer blocks; the
 * instances of each rule are counted in its ninst */
static void size_blocks(struct reader *r, struct graph_flat *f, const struct iedge *v,
                        size_t *nnode, size_t *nedge, size_t *nstr)
{
	uint64_t total = 0;
	size_t i;

	*nnode = *nedge = *nstr = 0;
	for (i = 0; i < f->nedges && !r->bad; i++) {
		const struct iedge *ie = &v[i];

		if ((ie->rule != NONE && ie->rule >= f->nrules) || !slice(r, ie->in) || !slice(r, ie->out) ||
		    !slice(r, ie->needs) || !slice(r, ie->env)) {
			r->bad = 1;
			break;
		}
		total += (uint64_t)ie->in.n + ie->out.n + ie->needs.n + ie->env.n;
		if (edge_is_flat(f, ie)) {
			*nnode += ie->in.n + ie->out.n;
			*nedge += ie->needs.n;
			*nstr += ie->env.n;
		}
		*nedge += ie->in.n;   /* the nodes' use */
		if (ie->rule != NONE) {
			f->rules[ie->rule].ninst++;
			if (f->rules[ie->rule].flat)
				(*nedge)++;
		}
	}
	/* the writer's slices are disjoint */
	if (total > r->nids)
		r->bad = 1;
}

/* e's list of n nodes (ids v): a slice of the block at *used, or its own */
static struct node **nodes_of(struct reader *r, struct graph_flat *f, const uint32_t *v, size_t n,
                              int flat, size_t *used)
{
	struct node **p = flat ? f->nodeptrs + *used : xcalloc(n + 1, sizeof(*p));
	size_t j;

	if (flat)
		*used += n;
	for (j = 0; j < n; j++) {
		if (v[j] >= f->nnodes) {
			r->bad = 1;
			p[j] = &f->nodes[0];
			continue;
		}
		p[j] = &f->nodes[v[j]];
	}
	return n || !flat ? p : NULL;
}

struct used {
	size_t node, edge, str;
};

static void read_edge(struct reader *r, struct graph *g, const struct iedge *ie, struct edge *e, struct used *u)
{
	struct graph_flat *f = g->flat;
	int flat = edge_is_flat(f, ie);
	const char *name = str(r, ie->name), *desc = str(r, ie->description);
	const uint32_t *ids;
	size_t j;

	if (!name) {
		r->bad = 1;
		return;
	}
	e->flat = (unsigned char)flat;
	e->rule = ie->rule == NONE ? NULL : &f->rules[ie->rule];
	e->name = flat ? (char *)name : xstrdup(name);
	e->command = flat ? (char *)str(r, ie->command) : dupstr(str(r, ie->command));
	e->action = flat ? (char *)str(r, ie->action) : dupstr(str(r, ie->action));
	e->with = flat ? (char *)str(r, ie->with) : dupstr(str(r, ie->with));
	e->depfile = flat ? (char *)str(r, ie->depfile) : dupstr(str(r, ie->depfile));
	/* a description stored as the name itself is no description (NULL) */
	desc = ie->description == ie->name ? NULL : desc;
	e->description = flat ? (char *)desc : dupstr(desc);
	if (ie->pool != NONE && ie->pool >= g->npools)
		r->bad = 1;
	e->pool = ie->pool == NONE || r->bad ? NULL : g->pools[ie->pool];
	e->in = nodes_of(r, f, slice(r, ie->in), ie->in.n, flat, &u->node);
	e->nin = ie->in.n;
	e->out = nodes_of(r, f, slice(r, ie->out), ie->out.n, flat, &u->node);
	e->nout = ie->out.n;
	ids = slice(r, ie->needs);
	e->needs = flat ? (ie->needs.n ? f->edgeptrs + u->edge : NULL) : xcalloc(ie->needs.n + 1, sizeof(e->needs[0]));
	for (j = 0; j < ie->needs.n; j++)
		e->needs[j] = ids[j] < f->nedges ? &f->edges[ids[j]] : (r->bad = 1, &f->edges[0]);
	e->nneeds = ie->needs.n;
	if (flat)
		u->edge += ie->needs.n;
	ids = slice(r, ie->env);
	e->env = flat ? (ie->env.n ? f->strptrs + u->str : NULL) : xcalloc(ie->env.n + 1, sizeof(e->env[0]));
	for (j = 0; j < ie->env.n; j++) {
		const char *s = str(r, ids[j]);

		if (!s) {
			r->bad = 1;
			break;
		}
		e->env[j] = flat ? (char *)s : xstrdup(s);
		e->nenv++;
	}
	if (flat)
		u->str += ie->env.n;
	e->timeout = ie->timeout;
	e->flags = ie->flags;
	e->executor = (unsigned char)ie->executor;
	e->res.cpus = ie->cpus;
	e->res.mem = ie->mem;
	e->res.time = ie->time;
}

/* each node's use (its readers in edge order, as edge_add_in made it) and
 * gen (its last writer); each rule's instances */
static void link_lists(struct graph_flat *f, struct used *u)
{
	size_t i, j;

	for (i = 0; i < f->nedges; i++)
		for (j = 0; j < f->edges[i].nin; j++)
			f->edges[i].in[j]->nuse++;
	for (i = 0; i < f->nnodes; i++) {
		f->nodes[i].use = f->nodes[i].nuse ? f->edgeptrs + u->edge : NULL;
		u->edge += f->nodes[i].nuse;
		f->nodes[i].nuse = 0;
	}
	for (i = 0; i < f->nrules; i++) {
		struct rule *ru = &f->rules[i];

		ru->inst = ru->flat ? f->edgeptrs + u->edge : xcalloc(ru->ninst + 1, sizeof(ru->inst[0]));
		if (ru->flat)
			u->edge += ru->ninst;
		ru->ninst = 0;
	}
	for (i = 0; i < f->nedges; i++) {
		struct edge *e = &f->edges[i];

		for (j = 0; j < e->nin; j++)
			e->in[j]->use[e->in[j]->nuse++] = e;
		for (j = 0; j < e->nout; j++)
			e->out[j]->gen = e;
		if (e->rule)
			e->rule->inst[e->rule->ninst++] = e;
	}
}

/* a name index: cap slots, 0 or a power of two above n */
static void read_index(struct reader *r, const struct sec *s, size_t n, struct graph_index *ix)
{
	const uint32_t *slot = section(r, s, 2 * sizeof(uint32_t));

	if (!slot || (s->n & (s->n - 1)) || (n && s->n <= n) || (!n && s->n)) {
		r->bad = 1;
		return;
	}
	ix->slot = slot;
	ix->cap = (size_t)s->n;
}

static void read_tail(struct reader *r, struct graph *g, const uint32_t *defaults, const uint32_t *reads)
{
	size_t i;

	g->defaults = xcalloc(r->t.defaults.n + 1, sizeof(g->defaults[0]));
	for (i = 0; i < r->t.defaults.n && !r->bad; i++) {
		if (defaults[i] >= g->flat->nrules) {
			r->bad = 1;
			break;
		}
		g->defaults[g->ndefaults++] = &g->flat->rules[defaults[i]];
	}
	for (i = 0; i < r->t.reads.n && !r->bad; i++) {
		const char *d = str(r, reads[i]);

		if (!d) {
			r->bad = 1;
			break;
		}
		graph_add_read(g, d);
	}
	g->remote_cache = dupstr(str(r, r->t.remote_cache));
	g->executor = (unsigned char)r->t.executor;
}

static void read_pools(struct reader *r, struct graph *g, const struct ipool *v)
{
	size_t i;

	g->pools = xcalloc(r->t.pools.n + 1, sizeof(g->pools[0]));
	for (i = 0; i < r->t.pools.n && !r->bad; i++) {
		const char *name = str(r, v[i].name);
		struct pool *p;

		if (!name) {
			r->bad = 1;
			break;
		}
		p = xcalloc(1, sizeof(*p));
		p->name = xstrdup(name);
		p->depth = v[i].depth;
		g->pools[g->npools++] = p;
	}
}

/* the three arrays and their pointer arrays in the graph, every object
 * zeroed (so graph_free may meet any of them) */
static struct graph_flat *flat_new(struct graph *g, size_t nn, size_t ne, size_t nr)
{
	struct graph_flat *f = xcalloc(1, sizeof(*f));
	size_t i;

	f->nodes = xcalloc(nn + 1, sizeof(f->nodes[0]));
	f->edges = xcalloc(ne + 1, sizeof(f->edges[0]));
	f->rules = xcalloc(nr + 1, sizeof(f->rules[0]));
	f->nnodes = nn;
	f->nedges = ne;
	f->nrules = nr;
	free(g->nodes);
	free(g->edges);
	free(g->rules);
	g->nodes = xcalloc(nn + 1, sizeof(g->nodes[0]));
	g->edges = xcalloc(ne + 1, sizeof(g->edges[0]));
	g->rules = xcalloc(nr + 1, sizeof(g->rules[0]));
	g->capnodes = nn + 1;
	g->capedges = ne + 1;
	g->caprules = nr + 1;
	for (i = 0; i < nn; i++) {
		f->nodes[i].id = i;
		g->nodes[i] = &f->nodes[i];
	}
	for (i = 0; i < ne; i++) {
		f->edges[i].id = i;
		g->edges[i] = &f->edges[i];
	}
	for (i = 0; i < nr; i++)
		g->rules[i] = &f->rules[i];
	g->nnodes = nn;
	g->nedges = ne;
	g->nrules = nr;
	g->flat = f;
	return f;
}

int snapimage_read(struct graph *g, const char *base, size_t size, size_t off)
{
	struct reader r;
	const struct ipool *pools;
	const struct inode *nodes;
	const struct irule *rules;
	const struct iedge *edges;
	const uint32_t *defaults, *reads;
	struct graph_flat *f;
	struct used u = {0, 0, 0};
	size_t nnode, nedge, nstr, i;

	memset(&r, 0, sizeof(r));
	r.base = base;
	r.size = size;
	if (off % 8 || off > size || size - off < sizeof(r.t))
		return -1;
	memcpy(&r.t, base + off, sizeof(r.t));
	r.str = section(&r, &r.t.strings, 1);
	r.nstr = (size_t)r.t.strings.n;
	r.ids = section(&r, &r.t.ids, sizeof(uint32_t));
	r.nids = (size_t)r.t.ids.n;
	pools = section(&r, &r.t.pools, sizeof(*pools));
	nodes = section(&r, &r.t.nodes, sizeof(*nodes));
	rules = section(&r, &r.t.rules, sizeof(*rules));
	edges = section(&r, &r.t.edges, sizeof(*edges));
	defaults = section(&r, &r.t.defaults, sizeof(uint32_t));
	reads = section(&r, &r.t.reads, sizeof(uint32_t));
	/* every string ends inside its section */
	if (r.bad || (r.nstr && r.str[r.nstr - 1] != '\0'))
		return -1;
	g->loader = xstrdup(".");
	read_pools(&r, g, pools);
	f = flat_new(g, (size_t)r.t.nodes.n, (size_t)r.t.edges.n, (size_t)r.t.rules.n);
	for (i = 0; i < f->nnodes && !r.bad; i++) {
		const char *p = str(&r, nodes[i].path);

		if (!p) {
			r.bad = 1;
			break;
		}
		f->nodes[i].path = (char *)p;
		f->nodes[i].pathlen = strlen(p);
		f->nodes[i].is_dir = nodes[i].is_dir != 0;
	}
	read_rules(&r, g, rules);
	if (!r.bad)
		size_blocks(&r, f, edges, &nnode, &nedge, &nstr);
	if (r.bad)
		return -1;
	f->nodeptrs = xcalloc(nnode + 1, sizeof(f->nodeptrs[0]));
	f->edgeptrs = xcalloc(nedge + 1, sizeof(f->edgeptrs[0]));
	f->strptrs = xcalloc(nstr + 1, sizeof(f->strptrs[0]));
	for (i = 0; i < f->nedges && !r.bad; i++)
		read_edge(&r, g, &edges[i], &f->edges[i], &u);
	if (r.bad)
		return -1;
	link_lists(f, &u);
	read_tail(&r, g, defaults, reads);
	read_index(&r, &r.t.nodeidx, f->nnodes, &f->nodeidx);
	read_index(&r, &r.t.edgeidx, f->nedges, &f->edgeidx);
	read_index(&r, &r.t.ruleidx, f->nrules, &f->ruleidx);
	return r.bad ? -1 : 0;
}
