/* instance.c: from a rule as written to its instances (edges): matrix,
 * globs, ${...}, the duplicate-output and workspace checks, and the
 * template edge a foreach rule keeps for its expansion (foreach.c; the
 * JSON of its template and of with: is rulejson.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "graph/glob.h"
#include "base/htab.h"
#include "graph/load.h"
#include "base/path.h"
#include "graph/ruledef.h"
#include "graph/rulejson.h"
#include "base/util.h"

static void free_words(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* a node added once per instance: the stamp of the last instance */
static int first_time(struct loader *L, struct node *n)
{
	if (n->id >= L->capstamp) {
		size_t old = L->capstamp;

		growarray(&L->stamp, &L->capstamp, n->id + 1, sizeof(L->stamp[0]));
		memset(L->stamp + old, 0, (L->capstamp - old) * sizeof(L->stamp[0]));
	}
	if (L->stamp[n->id] == L->curstamp)
		return 0;
	L->stamp[n->id] = L->curstamp;
	return 1;
}

static int glob_none_error(const struct lstr *at, const char *pattern, const char *rule)
{
	return lstr_error(at, -1, "'%s' in rule '%s' matches no file (write '-%s' if that is fine)", pattern, rule,
	                  pattern);
}

static unsigned long long hash_paths(char **m, size_t n)
{
	unsigned long long h = 0;
	size_t i;

	for (i = 0; i < n; i++)
		h = h * 1000003u ^ htab_hash(m[i], strlen(m[i]) + 1);
	return h;
}

static void record_glob(struct loader *L, struct edge *e, const struct lstr *at, const char *pattern,
                        int optional, char **m, size_t nm)
{
	struct globuse *u;

	growarray(&L->gu, &L->capgu, L->ngu + 1, sizeof(L->gu[0]));
	u = &L->gu[L->ngu++];
	u->e = e;
	u->at = *at;
	u->pattern = xstrdup(pattern);
	u->optional = optional;
	u->n = nm;
	u->h = hash_paths(m, nm);
}

int loader_check_globs(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->ngu; i++) {
		struct globuse *u = &L->gu[i];
		char **m = NULL;
		size_t nm = 0;
		int same;

		if (u->optional == 2) {
			/* an optional path */
			if (glob_has_file(L->glob, u->pattern)) {
				m = xcalloc(2, sizeof(*m));
				m[nm++] = xstrdup(u->pattern);
			}
		} else {
			glob_expand(L->glob, u->pattern, &m, &nm);
		}
		same = nm == u->n && hash_paths(m, nm) == u->h;
		free_words(m, nm);
		if (!same)
			return 1;
	}
	for (i = 0; i < L->ngu; i++)
		if (L->gu[i].n == 0 && !L->gu[i].optional)
			return glob_none_error(&L->gu[i].at, L->gu[i].pattern, L->gu[i].e->name);
	return 0;
}

void loader_free_globs(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->ngu; i++)
		free(L->gu[i].pattern);
	free(L->gu);
	L->gu = NULL;
	L->ngu = L->capgu = 0;
}

static int add_inputs(struct loader *L, struct edge *e, struct xctx *x, const struct ruledef *d)
{
	size_t i, j;

	for (i = 0; i < d->nin; i++) {
		struct lstr s = d->in[i];
		int optional = s.s[0] == '-';
		char **w = NULL;
		size_t nw = 0;

		if (optional)
			s.s++;
		if (expand_words(x, &s, &w, &nw) < 0)
			return -1;
		for (j = 0; j < nw; j++) {
			char **m = NULL;
			size_t nm = 0, k;
			size_t len;
			int literal;

			if (!*w[j]) {
				free_words(w, nw);
				return lstr_error(&d->in[i], -1, "empty path in 'in' of rule '%s'", e->name);
			}
			literal = unescape_literal(w[j]);
			path_clean(w[j]);
			len = graph_workspace_path(w[j]);
			if (!graph_may_read(L->g, w[j])) {
				error("rule '%s' reads '%s' outside the workspace", e->name, w[j]);
				free_words(w, nw);
				return -1;
			}
			if (literal && !optional) {
				struct node *n = graph_node(L->g, w[j], len);

				if (first_time(L, n))
					edge_add_in(e, n);
				continue;
			}
			if (literal) {
				/* an optional path: kept when it is a source on disk or
				 * some rule writes it, decided before ${in} is expanded */
				if (glob_has_file(L->glob, w[j])) {
					m = xcalloc(2, sizeof(*m));
					m[nm++] = xstrdup(w[j]);
				}
				if (L->record_globs)
					record_glob(L, e, &d->in[i], w[j], 2, m, nm);
			} else if (glob_expand(L->glob, w[j], &m, &nm) == 0 && !optional && !L->record_globs) {
				glob_none_error(&d->in[i], w[j], e->name);
				free_words(w, nw);
				free(m);
				return -1;
			} else if (L->record_globs) {
				record_glob(L, e, &d->in[i], w[j], optional, m, nm);
			}
			for (k = 0; k < nm; k++) {
				struct node *n = graph_node(L->g, m[k], strlen(m[k]));

				if (first_time(L, n))
					edge_add_in(e, n);
			}
			free_words(m, nm);
		}
		free_words(w, nw);
	}
	return 0;
}

static int add_outputs(struct loader *L, struct edge *e, struct xctx *x, const struct ruledef *d)
{
	size_t i, j;

	for (i = 0; i < d->nout; i++) {
		char **w = NULL;
		size_t nw = 0;

		if (expand_words(x, &d->out[i], &w, &nw) < 0)
			return -1;
		for (j = 0; j < nw; j++) {
			size_t len = strlen(w[j]);
			int isdir = len > 1 && w[j][len - 1] == '/';
			struct node *n;

			if (!*w[j]) {
				free_words(w, nw);
				return lstr_error(&d->out[i], -1, "empty path in 'out' of rule '%s'", e->name);
			}
			len = path_clean(w[j]);
			if (path_escapes(w[j]) || strcmp(w[j], ".") == 0) {
				error("rule '%s' writes '%s' outside the workspace", e->name, w[j]);
				free_words(w, nw);
				return -1;
			}
			n = graph_node(L->g, w[j], len);
			if (n->gen && n->gen != e) {
				struct rule *a = n->gen->rule;

				error("rules '%s' (%s:%d:%d) and '%s' (%s:%d:%d) both write '%s'", n->gen->name,
				      a->loc.file, a->loc.line, a->loc.col, e->name, e->rule->loc.file,
				      e->rule->loc.line, e->rule->loc.col, n->path);
				free_words(w, nw);
				return -1;
			}
			if (isdir)
				n->is_dir = 1;
			if (n->gen == e)
				continue;
			edge_add_out(e, n);
			glob_add_output(L->glob, n->path, n->is_dir);
		}
		free_words(w, nw);
	}
	return 0;
}


static char **node_paths(struct node **v, size_t n)
{
	char **p = xcalloc(n + 1, sizeof(*p));
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = v[i]->path;
	return p;
}

static int pending_needs(struct loader *L, struct edge *e, struct xctx *x, const struct ruledef *d)
{
	size_t i, j;

	for (i = 0; i < d->nneeds; i++) {
		char **w = NULL;
		size_t nw = 0;

		if (expand_words(x, &d->needs[i], &w, &nw) < 0)
			return -1;
		for (j = 0; j < nw; j++) {
			growarray(&L->need, &L->capneed, L->nneed + 1, sizeof(L->need[0]));
			L->need[L->nneed].e = e;
			L->need[L->nneed].at = d->needs[i];
			L->need[L->nneed++].name = w[j];
		}
		free(w);
	}
	return 0;
}

static int set_common(struct loader *L, struct edge *e, struct xctx *x, const struct ruledef *d)
{
	size_t i, j;

	if (d->pool.s) {
		char *p;

		if (expand_string(x, &d->pool, &p) < 0)
			return -1;
		e->pool = graph_find_pool(L->g, p);
		if (!e->pool) {
			const char **names = xcalloc(L->g->npools + 1, sizeof(char *));
			const char *best;

			for (i = 0; i < L->g->npools; i++)
				names[i] = L->g->pools[i]->name;
			best = closest(p, names, L->g->npools);
			if (best)
				lstr_error(&d->pool, -1, "unknown pool '%s' (did you mean '%s'?)", p, best);
			else
				lstr_error(&d->pool, -1, "unknown pool '%s'", p);
			free(names);
			free(p);
			return -1;
		}
		free(p);
	}
	for (i = 0; i < d->nenv; i++) {
		char **w = NULL;
		size_t nw = 0;

		if (expand_words(x, &d->env[i], &w, &nw) < 0)
			return -1;
		for (j = 0; j < nw; j++)
			strset_add(x->env, w[j]);
		free_words(w, nw);
	}
	e->timeout = d->timeout;
	e->executor = d->executor;
	e->res = d->res;
	if (d->always)
		e->flags |= EDGE_ALWAYS;
	if (d->nocache)
		e->flags |= EDGE_NOCACHE;
	return pending_needs(L, e, x, d);
}

static void take_env(struct edge *e, struct strset *env)
{
	e->env = env->v;
	e->nenv = env->n;
	env->v = NULL;
	env->n = env->cap = 0;
}

/* s expanded into a clean path in *out (malloc'd; NULL after an error); an
 * empty one is an error at s, as in in: and out: (path_clean would make it
 * "." with no room for it). 0 or -1 */
static int expand_path(struct xctx *x, const struct lstr *s, const char *what, const char *rule, char **out)
{
	if (expand_string(x, s, out) < 0)
		return -1;
	if (!**out) {
		free(*out);
		*out = NULL;
		return lstr_error(s, -1, "empty path in '%s' of rule '%s'", what, rule);
	}
	path_clean(*out);
	return 0;
}

/* one instance of d named name, with matrix values and foreach element */
static int build(struct loader *L, struct ruledef *d, const char *name, struct xctx *x)
{
	struct edge *e = graph_add_edge(L->g, d->rule, name);
	struct strset env = {NULL, 0, 0};
	char **in = NULL, **out = NULL;
	int ret = -1;

	if (!e && L->reuse && strcmp(L->reuse->name, name) == 0) {
		/* a late rule without matrix: its template edge becomes the instance */
		e = L->reuse;
		free(e->description);
		e->description = NULL;
	}

	if (!e) {
		struct edge *old = graph_find_edge(L->g, name);

		if (old && old->rule == d->rule)
			return error("%s:%d:%d: rule '%s' has instance '%s' twice", d->rule->loc.file,
			             d->rule->loc.line, d->rule->loc.col, d->rule->name, name);
		return error("%s:%d:%d: instance '%s' of rule '%s' is also the name of an instance of rule '%s'",
		             d->rule->loc.file, d->rule->loc.line, d->rule->loc.col, name, d->rule->name,
		             old ? old->rule->name : "?");
	}
	L->curstamp++;
	x->env = &env;
	x->in = x->out = NULL;
	x->glob = 1;
	if (add_inputs(L, e, x, d) < 0)
		goto out;
	x->glob = 0;
	in = node_paths(e->in, e->nin);
	x->in = in;
	x->nin = e->nin;
	if (add_outputs(L, e, x, d) < 0)
		goto out;
	out = node_paths(e->out, e->nout);
	x->out = out;
	x->nout = e->nout;
	if (d->run.s) {
		x->quote = 1;
		if (expand_string(x, &d->run, &e->command) < 0)
			goto out;
		x->quote = 0;
	} else {
		e->action = xstrdup(d->use.s);
		if (!(e->with = ruledef_with_json(x, d)))
			goto out;
	}
	if (d->depfile.s) {
		if (expand_path(x, &d->depfile, "depfile", e->name, &e->depfile) < 0)
			goto out;
		if (path_escapes(e->depfile)) {
			error("rule '%s' writes '%s' outside the workspace", e->name, e->depfile);
			goto out;
		}
	}
	if (d->description.s) {
		if (expand_string(x, &d->description, &e->description) < 0)
			goto out;
	}
	if (set_common(L, e, x, d) < 0)
		goto out;
	ret = 0;
out:
	x->quote = x->glob = 0;
	take_env(e, &env);
	free(in);
	free(out);
	x->in = x->out = NULL;
	x->env = NULL;
	return ret;
}

/* every matrix combination (the last parameter varies fastest) */
int ruledef_build(struct loader *L, struct ruledef *d, struct xctx *x, const char *elem)
{
	size_t np = d->nmatrix, i, *idx = xcalloc(np + 1, sizeof(size_t));
	char **names = xcalloc(np + 1, sizeof(char *)), **vals = xcalloc(np + 1, sizeof(char *));
	struct buf name = BUF_INIT;
	int ret = 0;

	for (i = 0; i < np; i++)
		names[i] = (char *)d->matrix[i].name.s;
	x->pnames = names;
	x->pvals = vals;
	x->nparams = np;
	for (;;) {
		buf_reset(&name);
		buf_puts(&name, d->rule->name);
		if (np || elem) {
			buf_putc(&name, '[');
			if (elem)
				buf_puts(&name, elem);
			for (i = 0; i < np; i++) {
				vals[i] = (char *)d->matrix[i].vals[idx[i]].s;
				buf_printf(&name, "%s%s=%s", i || elem ? "," : "", names[i], vals[i]);
			}
			buf_putc(&name, ']');
		}
		if (build(L, d, name.s, x) < 0) {
			ret = -1;
			break;
		}
		/* odometer */
		for (i = np; i > 0; i--) {
			if (++idx[i - 1] < d->matrix[i - 1].n)
				break;
			idx[i - 1] = 0;
		}
		if (i == 0)
			break;
	}
	x->pnames = x->pvals = NULL;
	x->nparams = 0;
	buf_free(&name);
	free(idx);
	free(names);
	free(vals);
	return ret;
}

/* expanded matrix values: vars resolved now, so instances name them */
static int expand_matrix(struct xctx *x, struct ruledef *d, char ***store, size_t *nstore)
{
	size_t i, j;

	for (i = 0; i < d->nmatrix; i++) {
		for (j = 0; j < d->matrix[i].n; j++) {
			char *v;

			if (expand_string(x, &d->matrix[i].vals[j], &v) < 0)
				return -1;
			*store = xreallocarray(*store, *nstore + 1, sizeof(char *));
			(*store)[(*nstore)++] = v;
			d->matrix[i].vals[j].s = v;
		}
	}
	return 0;
}


static int build_template(struct loader *L, struct ruledef *d, struct xctx *x)
{
	struct rule *r = d->rule;
	struct edge *e = graph_add_edge(L->g, r, r->name);
	struct strset env = {NULL, 0, 0};
	char *from = NULL;
	size_t i;
	int ret = -1;

	x->env = &env;
	/* the parameter names are known, their values come with the element */
	x->pnames = xcalloc(d->nmatrix + 1, sizeof(char *));
	x->pvals = xcalloc(d->nmatrix + 1, sizeof(char *));
	for (i = 0; i < d->nmatrix; i++)
		x->pnames[i] = (char *)d->matrix[i].name.s;
	x->nparams = d->nmatrix;
	if (d->foreach && expand_path(x, &d->fe_from, "foreach", r->name, &from) < 0)
		goto out;
	if (from) {
		if (path_escapes(from)) {
			error("rule '%s' reads '%s' outside the workspace", r->name, from);
			goto out;
		}
		r->foreach_from = from;
		from = NULL;
		edge_add_in(e, graph_node(L->g, r->foreach_from, strlen(r->foreach_from)));
	}
	if (d->fe_skip.s) {
		char *skip;

		if (expand_path(x, &d->fe_skip, "foreach: skip", r->name, &skip) < 0)
			goto out;
		if (path_escapes(skip)) {
			error("rule '%s' reads '%s' outside the workspace", r->name, skip);
			free(skip);
			goto out;
		}
		r->foreach_skip = skip;
	}
	if (d->fe_key.s)
		r->foreach_key = xstrdup(d->fe_key.s);
	e->flags |= EDGE_TEMPLATE;
	if (!(r->src = ruledef_template_json(d, x, &env)))
		goto out;
	if (set_common(L, e, x, d) < 0)
		goto out;
	for (i = 0; i < d->nafter; i++) {
		growarray(&L->need, &L->capneed, L->nneed + 1, sizeof(L->need[0]));
		L->need[L->nneed].e = e;
		memset(&L->need[L->nneed].at, 0, sizeof(L->need[L->nneed].at));
		L->need[L->nneed].at.s = d->after[i]->name;
		L->need[L->nneed].at.file = r->loc.file;
		L->need[L->nneed].at.line = r->loc.line;
		L->need[L->nneed].at.col = r->loc.col;
		L->need[L->nneed++].name = xstrdup(d->after[i]->name);
	}
	ret = 0;
out:
	free(from);
	x->env = NULL;
	free(x->pnames);
	free(x->pvals);
	x->pnames = x->pvals = NULL;
	x->nparams = 0;
	take_env(e, &env);
	return ret;
}

int ruledef_instantiate(struct loader *L, struct ruledef *d)
{
	struct xctx x;
	char **store = NULL;
	size_t nstore = 0;
	int ret;

	memset(&x, 0, sizeof(x));
	x.vars = L->vars;
	if (expand_matrix(&x, d, &store, &nstore) < 0) {
		free_words(store, nstore);
		return -1;
	}
	if (d->foreach || d->late)
		ret = build_template(L, d, &x);
	else
		ret = ruledef_build(L, d, &x, NULL);
	free_words(store, nstore);
	return ret;
}
