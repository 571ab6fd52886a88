/* load.c: menace.yaml -> struct graph: the files (the manifest and its
 * includes, each read by yfile.c), their top-level keys (vars, pools,
 * include, default; each rule read by ruleread.c), then the passes over
 * the rules (instance.c, late.c, check.c). The file buffers and documents
 * stay alive until the graph is built, so every string keeps its place
 * for errors. The format is docs/manifest.md (format version 1). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/htab.h"
#include "base/path.h"
#include "base/util.h"
#include "graph/expand.h"
#include "graph/glob.h"
#include "graph/load.h"
#include "graph/ruledef.h"
#include "graph/ruleread.h"
#include "graph/yfile.h"

#define FORMAT_VERSION "1"

struct ldr {
	struct loader L;
	struct yfile **files;
	size_t nfiles;
	struct htab *filemap;     /* canonical path -> yfile */
	struct ruledef **defs;
	size_t ndefs, capdefs;
	struct lstr *deflt;       /* default: entries */
	size_t ndeflt;
	struct lstr deflt_at;
	int have_deflt;
	struct lstr remote_at;    /* where remote_cache: was set (file NULL: not set) */
	struct lstr *reads;       /* reads: entries, from every file */
	size_t nreads;
	struct htab *poolmap;     /* name -> struct lstr * (where defined) */
	struct lstr *poolat;
	size_t npoolat;
	const struct actions *actions;   /* what a use: may name */
};

static const char *const top_keys[] = {"version", "vars", "include", "pools", "default", "rules", "reads",
                                      "remote_cache", "executor"};

static int read_vars(struct ldr *D, struct yfile *f, struct ynode *n)
{
	size_t p;

	if (ynode_null(n))
		return 0;
	if (n->kind != YNODE_MAP)
		return yfile_error(f, n, "'vars' must be a map, not %s", ynode_kind(n));
	for (p = 0; p < n->n; p++) {
		struct ynode *k = ymap_key(f, n, p), *v = ymap_value(f, n, p);
		const char *name = k->u.s;
		struct lstr def, at = yfile_lstr(f, k);
		const struct lstr *old;

		if (!var_name_ok(name))
			return yfile_error(f, k, "bad var name '%s'", name);
		if (var_name_reserved(name))
			return yfile_error(f, k, "var name '%s' is reserved", name);
		if (v->kind != YNODE_SCALAR)
			return yfile_error(f, v, "var '%s' must be a string, not %s", name, ynode_kind(v));
		def = yfile_lstr(f, v);
		old = vars_define(D->L.vars, name, &at, &def);
		if (old)
			return yfile_error(f, k, "var '%s' is defined twice (also at %s:%d:%d)", name, old->file, old->line,
			                   old->col);
	}
	return 0;
}

static int read_pools(struct ldr *D, struct yfile *f, struct ynode *n)
{
	size_t p;
	struct graph *g = D->L.g;

	if (ynode_null(n))
		return 0;
	if (n->kind != YNODE_MAP)
		return yfile_error(f, n, "'pools' must be a map, not %s", ynode_kind(n));
	for (p = 0; p < n->n; p++) {
		struct ynode *k = ymap_key(f, n, p), *v = ymap_value(f, n, p);
		const char *name = k->u.s;
		size_t at = (size_t)(uintptr_t)htab_get(D->poolmap, name, strlen(name));
		struct lstr *old = at ? &D->poolat[at - 1] : NULL;
		struct pool *pl;
		char *end;
		long depth;

		if (old)
			return yfile_error(f, k, "pool '%s' is defined twice (also at %s:%d:%d)", name, old->file, old->line,
			                   old->col);
		if (v->kind != YNODE_SCALAR)
			return yfile_error(f, v, "pool '%s' must be a number, not %s", name, ynode_kind(v));
		errno = 0;
		depth = strtol(v->u.s, &end, 10);
		if (end == v->u.s || *end || errno || depth < 1 || depth > MANIFEST_MAX_POOL)
			return yfile_error(f, v, "pool '%s' must be a whole number from 1 to %d, not '%s'", name,
			                   MANIFEST_MAX_POOL, v->u.s);
		pl = xcalloc(1, sizeof(*pl));
		pl->name = xstrdup(name);
		pl->depth = (int)depth;
		g->pools = xreallocarray(g->pools, g->npools + 1, sizeof(g->pools[0]));
		g->pools[g->npools++] = pl;
		D->poolat = xreallocarray(D->poolat, D->npoolat + 1, sizeof(D->poolat[0]));
		D->poolat[D->npoolat++] = yfile_lstr(f, k);
		/* the table keeps the key: the pool's own copy */
		*htab_put(D->poolmap, pl->name, strlen(pl->name)) = (void *)(uintptr_t)D->npoolat;
	}
	return 0;
}

static int read_rules(struct ldr *D, struct yfile *f, struct ynode *n)
{
	size_t p;
	struct ruledef *d;

	if (ynode_null(n))
		return 0;
	if (n->kind != YNODE_MAP)
		return yfile_error(f, n, "'rules' must be a map of rule names to rules, not %s", ynode_kind(n));
	for (p = 0; p < n->n; p++) {
		d = ruledef_read(D->L.g, D->actions, f, ymap_key(f, n, p), ymap_value(f, n, p));
		if (!d)
			return -1;
		growarray(&D->defs, &D->capdefs, D->ndefs + 1, sizeof(D->defs[0]));
		D->defs[D->ndefs++] = d;
	}
	return 0;
}

static int load_file(struct ldr *D, const char *path, struct yfile *parent, const struct lstr *from);

static int read_includes(struct ldr *D, struct yfile *f, struct ynode *n)
{
	struct lstr *v;
	size_t nv, i;
	char *dir = path_dirname(f->path);
	int ret = 0;

	if (yfile_str_list(f, n, "'include'", &v, &nv) < 0) {
		free(dir);
		return -1;
	}
	for (i = 0; i < nv && ret == 0; i++) {
		char *p;

		if (!*v[i].s || strchr(v[i].s, '$')) {
			ret = lstr_error(&v[i], -1, "an include must be a plain file name (no ${...})");
			break;
		}
		p = path_join(dir, v[i].s);
		ret = load_file(D, p, f, &v[i]);
		free(p);
	}
	free(v);
	free(dir);
	return ret;
}

/* "include cycle: a -> b -> a" at from, old (being read) included by parent */
static int include_cycle(struct yfile *old, struct yfile *parent, const struct lstr *from)
{
	struct buf b = BUF_INIT;
	struct yfile *chain[256], *q;
	size_t n = 0;

	/* the chain from old down to the includer, then old again */
	buf_puts(&b, old->path);
	for (q = parent; q && q != old && n < 256; q = q->parent)
		chain[n++] = q;
	while (n > 0) {
		buf_puts(&b, " -> ");
		buf_puts(&b, chain[--n]->path);
	}
	buf_puts(&b, " -> ");
	buf_puts(&b, old->path);
	lstr_error(from, -1, "include cycle: %s", b.s);
	buf_free(&b);
	return -1;
}

/* version: first, so that a newer format's keys are not misread; the
 * manifest must have one, an include may */
static int check_version(struct yfile *f, struct ynode *root)
{
	struct ynode *version = NULL;
	size_t p;

	for (p = 0; p < root->n; p++) {
		struct ynode *k = ymap_key(f, root, p), *v = ymap_value(f, root, p);

		if (strcmp(k->u.s, "version") != 0)
			continue;
		if (v->kind != YNODE_SCALAR)
			return yfile_error(f, v, "'version' must be a number, not %s", ynode_kind(v));
		if (strcmp(v->u.s, FORMAT_VERSION) != 0)
			return yfile_error(f, k, "unsupported version %s (this menace reads version 1)",
			                   v->u.s);
		version = v;
	}
	if (!f->parent && !version)
		return error("%s:1:1: missing 'version: 1' (this menace reads version 1)", f->path);
	return 0;
}

static int read_default(struct ldr *D, struct yfile *f, struct ynode *k, struct ynode *v)
{
	if (D->have_deflt)
		return yfile_error(f, k, "'default' is set twice (first at %s:%d:%d)", D->deflt_at.file, D->deflt_at.line,
		                   D->deflt_at.col);
	D->have_deflt = 1;
	D->deflt_at = yfile_lstr(f, k);
	return yfile_str_list(f, v, "'default'", &D->deflt, &D->ndeflt);
}

/* reads: in any file; the entries of every file are kept */
static int read_reads(struct ldr *D, struct yfile *f, struct ynode *v)
{
	struct lstr *w = NULL;
	size_t nw = 0;

	if (yfile_str_list(f, v, "'reads'", &w, &nw) < 0) {
		free(w);
		return -1;
	}
	D->reads = xreallocarray(D->reads, D->nreads + nw + 1, sizeof(D->reads[0]));
	if (nw)
		memcpy(D->reads + D->nreads, w, nw * sizeof(w[0]));
	D->nreads += nw;
	free(w);
	return 0;
}

/* the reads: entries, expanded, into the graph; 0 or -1 */
static int resolve_reads(struct ldr *D)
{
	struct xctx x;
	size_t i, j;
	int rc = 0;

	memset(&x, 0, sizeof(x));
	x.vars = D->L.vars;
	for (i = 0; i < D->nreads && rc == 0; i++) {
		char **w = NULL;
		size_t nw = 0;

		if (expand_words(&x, &D->reads[i], &w, &nw) < 0)
			return -1;
		for (j = 0; j < nw; j++) {
			if (!*w[j] && rc == 0)
				rc = lstr_error(&D->reads[i], -1, "empty path in 'reads'");
			else if (rc == 0)
				graph_add_read(D->L.g, w[j]);
			free(w[j]);
		}
		free(w);
	}
	return rc;
}

/* remote_cache: one http(s) URL, in any file, once; the value is never
 * printed (its userinfo may hold a password) */
static int read_remote_cache(struct ldr *D, struct yfile *f, struct ynode *k, struct ynode *v)
{
	const char *url;

	if (D->remote_at.file)
		return yfile_error(f, k, "'remote_cache' is set twice (first at %s:%d:%d)", D->remote_at.file,
		                   D->remote_at.line, D->remote_at.col);
	if (v->kind != YNODE_SCALAR)
		return yfile_error(f, v, "'remote_cache' must be a URL, not %s", ynode_kind(v));
	url = v->u.s;
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return yfile_error(f, v, "'remote_cache' must be an http:// or https:// URL");
	D->remote_at = yfile_lstr(f, k);
	D->L.g->remote_cache = xstrdup(url);
	return 0;
}

/* the top-level keys of f in order; *rules: whether it has rules: */
static int read_top(struct ldr *D, struct yfile *f, struct ynode *root, int *rules)
{
	size_t p;

	for (p = 0; p < root->n; p++) {
		struct ynode *k = ymap_key(f, root, p), *v = ymap_value(f, root, p);
		const char *key = k->u.s;
		int r = 0;

		switch (key_index(key, top_keys, NELEM(top_keys))) {
		case 0:
			break;
		case 1:
			r = read_vars(D, f, v);
			break;
		case 2:
			r = read_includes(D, f, v);
			break;
		case 3:
			r = read_pools(D, f, v);
			break;
		case 4:
			r = read_default(D, f, k, v);
			break;
		case 5:
			*rules = 1;
			r = read_rules(D, f, v);
			break;
		case 6:
			r = read_reads(D, f, v);
			break;
		case 7:
			r = read_remote_cache(D, f, k, v);
			break;
		case 8:
			r = read_executor(f, v, "'executor'", &D->L.g->executor);
			break;
		default:
			yfile_unknown_key(f, k, "at the top level", top_keys, NELEM(top_keys));
			return -1;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

static int load_file(struct ldr *D, const char *path, struct yfile *parent, const struct lstr *from)
{
	struct graph *g = D->L.g;
	struct yfile *f, *old;
	struct ynode *root;
	char *canon = path_clean_dup(path);
	int rules = 0;

	old = htab_get(D->filemap, canon, strlen(canon));
	if (old) {
		free(canon);
		if (!old->active)
			return lstr_error(from, -1, "'%s' is included twice", old->path);
		return include_cycle(old, parent, from);
	}
	f = yfile_new(canon, parent);
	g->files = xreallocarray(g->files, g->nfiles + 1, sizeof(g->files[0]));
	g->files[g->nfiles++] = canon;
	D->files = xreallocarray(D->files, D->nfiles + 1, sizeof(D->files[0]));
	D->files[D->nfiles++] = f;
	*htab_put(D->filemap, canon, strlen(canon)) = f;
	if (yfile_parse(f, from) < 0)
		return -1;
	f->active = 1;
	root = yfile_root(f);
	if (check_version(f, root) < 0 || read_top(D, f, root, &rules) < 0)
		return -1;
	if (!parent && !rules)
		return yfile_error(f, root, "no 'rules' in the manifest");
	/* what was read keeps its strings and places, not the tree */
	yfile_drop_tree(f);
	f->active = 0;
	return 0;
}

static int resolve_defaults(struct ldr *D)
{
	struct graph *g = D->L.g;
	size_t i;

	for (i = 0; i < D->ndeflt; i++) {
		struct rule *r = graph_find_rule(g, D->deflt[i].s);

		if (!r) {
			const char **names = xcalloc(g->nrules + 1, sizeof(char *));
			const char *best;
			size_t j;

			for (j = 0; j < g->nrules; j++)
				names[j] = g->rules[j]->name;
			best = closest(D->deflt[i].s, names, g->nrules);
			if (best)
				lstr_error(&D->deflt[i], -1, "unknown rule '%s' in 'default' (did you mean '%s'?)", D->deflt[i].s,
				           best);
			else
				lstr_error(&D->deflt[i], -1, "unknown rule '%s' in 'default'", D->deflt[i].s);
			free(names);
			return -1;
		}
		g->defaults = xreallocarray(g->defaults, g->ndefaults + 1, sizeof(g->defaults[0]));
		g->defaults[g->ndefaults++] = r;
	}
	return 0;
}

static void ldr_release(struct ldr *D)
{
	size_t i;

	for (i = 0; i < D->nfiles; i++)
		yfile_free(D->files[i]);
	free(D->files);
	for (i = 0; i < D->ndefs; i++)
		if (D->defs[i])
			ruledef_free(D->defs[i]);
	free(D->defs);
	free(D->deflt);
	free(D->reads);
	free(D->poolat);
	if (D->poolmap)
		htab_free(D->poolmap);
	if (D->filemap)
		htab_free(D->filemap);
	vars_free(D->L.vars);
	glob_free(D->L.glob);
	free(D->L.stamp);
	for (i = 0; i < D->L.nneed; i++)
		free(D->L.need[i].name);
	free(D->L.need);
}

/* every output of g, "P" or "P/" for a directory, NULL-terminated */
static char **graph_outputs(const struct graph *g)
{
	char **v = xcalloc(g->nnodes + 1, sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i]->gen)
			v[n++] = g->nodes[i]->is_dir ? xasprintf("%s/", g->nodes[i]->path) : xstrdup(g->nodes[i]->path);
	return v;
}

/* a loader for manifest into a new graph, as o says; outputs
 * (NULL-terminated, "P" or "P/" for a directory) are made matchable */
static void ldr_init(struct ldr *D, const char *manifest, const struct load_opts *o, char **outputs)
{
	struct graph *g = graph_new();
	size_t i;

	memset(D, 0, sizeof(*D));
	D->L.g = g;
	D->L.vars = vars_new();
	D->filemap = htab_new(8);
	D->poolmap = htab_new(8);
	D->L.root = path_dirname(manifest);
	D->L.record_globs = 1;
	g->loader = D->L.root;
	D->actions = o->actions;
	g->glob_skip = o->skip;
	g->glob_skip_ctx = o->skip_ctx;
	D->L.glob = glob_new(D->L.root);
	glob_set_skip(D->L.glob, o->skip, o->skip_ctx);
	for (i = 0; outputs && outputs[i]; i++) {
		size_t len = strlen(outputs[i]);
		int isdir = len > 1 && outputs[i][len - 1] == '/';

		if (isdir)
			outputs[i][len - 1] = '\0';
		glob_add_output(D->L.glob, outputs[i], isdir);
		if (isdir)
			outputs[i][len - 1] = '/';
	}
}

/* the -D overrides of o ("NAME=VALUE" each); 0 or -1 */
static int set_defines(struct ldr *D, const struct load_opts *o)
{
	size_t i;

	for (i = 0; i < o->ndefines; i++) {
		const char *eq = strchr(o->defines[i], '=');
		char *name;

		if (!eq || eq == o->defines[i])
			return error("'-D %s': expected NAME=VALUE", o->defines[i]);
		name = xstrndup(o->defines[i], (size_t)(eq - o->defines[i]));
		vars_override(D->L.vars, name, eq + 1);
		free(name);
	}
	return 0;
}

/* one reading of the manifest; outputs (NULL-terminated, "P" or "P/" for a
 * directory) are made matchable before any rule is instantiated. *again is
 * set when a glob matched differently once every output was known */
static struct graph *load_pass(const char *manifest, const struct load_opts *o, char **outputs,
                               char ***again)
{
	struct ldr D;
	struct graph *g;
	size_t i;
	int ret = -1, rc;

	ldr_init(&D, manifest, o, outputs);
	g = D.L.g;
	if (set_defines(&D, o) < 0)
		goto out;
	if (load_file(&D, manifest, NULL, NULL) < 0 || resolve_reads(&D) < 0)
		goto out;
	loader_mark_late(&D.L, D.defs, D.ndefs);
	for (i = 0; i < D.ndefs; i++) {
		if (ruledef_instantiate(&D.L, D.defs[i]) < 0)
			goto out;
		/* an instantiated rule needs its definition no more (a
		 * template keeps its own copy in rule->src) */
		ruledef_free(D.defs[i]);
		D.defs[i] = NULL;
	}
	if ((rc = loader_check_globs(&D.L)) != 0) {
		if (rc > 0)
			*again = graph_outputs(g);
		goto out;
	}
	if (loader_resolve_needs(&D.L) < 0 || resolve_defaults(&D) < 0)
		goto out;
	if (loader_check_dirs(g) < 0 || graph_check_cycles(g) < 0)
		goto out;
	ret = 0;
out:
	loader_free_globs(&D.L);
	ldr_release(&D);
	if (ret < 0) {
		graph_free(g);
		return NULL;
	}
	return g;
}

static void free_outputs(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

struct graph *graph_load(const char *manifest, const struct load_opts *opts)
{
	static const struct load_opts none;
	const struct load_opts *o = opts ? opts : &none;
	char **outs = NULL;
	int pass;

	/* the first reading sees, for each rule, the outputs of the rules
	 * before it; when a glob then matches differently, read again with
	 * every output of the previous reading known from the start */
	for (pass = 0; pass < 3; pass++) {
		char **next = NULL;
		struct graph *g = load_pass(manifest, o, outs, &next);

		free_outputs(outs);
		if (g || !next)
			return g;
		outs = next;
	}
	free_outputs(outs);
	error("%s: the globs of its rules do not settle (a glob matches an output whose rule reads that glob)",
	      manifest);
	return NULL;
}
