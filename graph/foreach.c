/* foreach.c: the late expansion of a foreach rule from its list
 * (graph_expand_foreach in load.h): the template in rule->src back into a
 * rule as written, then one instance per element (docs/manifest.md). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "graph/glob.h"
#include "base/hash.h"
#include "base/htab.h"
#include "graph/load.h"
#include "graph/ruledef.h"
#include "base/util.h"

static struct lstr at_rule(const struct rule *r, const char *s)
{
	struct lstr l;

	memset(&l, 0, sizeof(l));
	l.s = s;
	l.file = r->loc.file;
	l.line = r->loc.line;
	l.col = r->loc.col;
	return l;
}

static struct lstr *tmpl_list(const struct rule *r, const cJSON *a, size_t *n)
{
	const cJSON *e;
	struct lstr *v = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(*v));

	*n = 0;
	cJSON_ArrayForEach(e, a)
		if (cJSON_IsString(e))
			v[(*n)++] = at_rule(r, e->valuestring);
	return v;
}

static void tmpl_wval(const struct rule *r, const cJSON *j, struct wval *w)
{
	memset(w, 0, sizeof(*w));
	if (cJSON_IsNumber(j)) {
		w->kind = W_NUMBER;
		w->num = j->valuedouble;
	} else if (cJSON_IsBool(j)) {
		w->kind = W_BOOL;
		w->b = cJSON_IsTrue(j);
	} else if (cJSON_IsArray(j)) {
		const cJSON *e;

		w->kind = W_LIST;
		w->list = xcalloc((size_t)cJSON_GetArraySize(j) + 1, sizeof(*w->list));
		cJSON_ArrayForEach(e, j)
			tmpl_wval(r, e, &w->list[w->n++]);
	} else {
		w->kind = W_STRING;
		w->s = at_rule(r, cJSON_IsString(j) ? j->valuestring : "");
	}
}

static void tmpl_wval_free(struct wval *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		tmpl_wval_free(&w->list[i]);
	free(w->list);
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* the rule as written, from its template (strings borrowed from t) */
static int tmpl_read(struct rule *r, const cJSON *t, struct ruledef *d)
{
	const cJSON *j, *e;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->rule = r;
	if (!cJSON_IsObject(t))
		return error("rule '%s': its foreach template is damaged", r->name);
	d->in = tmpl_list(r, cJSON_GetObjectItemCaseSensitive(t, "in"), &d->nin);
	d->out = tmpl_list(r, cJSON_GetObjectItemCaseSensitive(t, "out"), &d->nout);
	if (jstr(t, "run"))
		d->run = at_rule(r, jstr(t, "run"));
	if (jstr(t, "use"))
		d->use = at_rule(r, jstr(t, "use"));
	if (jstr(t, "depfile"))
		d->depfile = at_rule(r, jstr(t, "depfile"));
	if (jstr(t, "description"))
		d->description = at_rule(r, jstr(t, "description"));
	j = cJSON_GetObjectItemCaseSensitive(t, "with");
	d->with = xcalloc((size_t)cJSON_GetArraySize(j) + 1, sizeof(*d->with));
	cJSON_ArrayForEach(e, j) {
		d->with[d->nwith].key = at_rule(r, e->string);
		tmpl_wval(r, e, &d->with[d->nwith++].val);
	}
	j = cJSON_GetObjectItemCaseSensitive(t, "matrix");
	d->matrix = xcalloc((size_t)cJSON_GetArraySize(j) + 1, sizeof(*d->matrix));
	cJSON_ArrayForEach(e, j) {
		struct mparam *m = &d->matrix[d->nmatrix++];

		m->name = at_rule(r, jstr(e, "name") ? jstr(e, "name") : "");
		m->vals = tmpl_list(r, cJSON_GetObjectItemCaseSensitive(e, "values"), &m->n);
		if (m->n == 0)
			return error("rule '%s': its foreach template is damaged", r->name);
	}
	if (!d->run.s && !d->use.s)
		return error("rule '%s': its foreach template is damaged", r->name);
	(void)i;
	return 0;
}

static void tmpl_release(struct ruledef *d)
{
	size_t i;

	free(d->in);
	free(d->out);
	for (i = 0; i < d->nwith; i++)
		tmpl_wval_free(&d->with[i].val);
	free(d->with);
	for (i = 0; i < d->nmatrix; i++)
		free(d->matrix[i].vals);
	free(d->matrix);
}

/* r's template, parsed, and the rule as written in d; NULL after an error */
static cJSON *tmpl_open(struct rule *r, struct ruledef *d)
{
	cJSON *t = cJSON_Parse(r->src);

	if (!t) {
		error("rule '%s': its foreach template is damaged", r->name);
		return NULL;
	}
	if (tmpl_read(r, t, d) < 0) {
		tmpl_release(d);
		cJSON_Delete(t);
		return NULL;
	}
	return t;
}

/* the name of an element: the scalar, or its key: field */
static char *elem_name(struct rule *r, const cJSON *el, size_t idx)
{
	const cJSON *k;
	char *s = NULL;

	if (cJSON_IsObject(el)) {
		if (!r->foreach_key) {
			error("element %zu of '%s', the foreach list of rule '%s', is an object: name it with 'key:'",
			      idx, r->foreach_from, r->name);
			return NULL;
		}
		k = cJSON_GetObjectItemCaseSensitive(el, r->foreach_key);
		if (!k || !(s = json_scalar(k)) || !*s) {
			free(s);
			error("element %zu of '%s', the foreach list of rule '%s', has no field '%s'", idx,
			      r->foreach_from, r->name, r->foreach_key);
			return NULL;
		}
		return s;
	}
	if (!(s = json_scalar(el))) {
		error("element %zu of '%s', the foreach list of rule '%s', is a list", idx, r->foreach_from, r->name);
		return NULL;
	}
	if (!*s) {
		error("element %zu of '%s', the foreach list of rule '%s', has an empty name", idx, r->foreach_from,
		      r->name);
		free(s);
		return NULL;
	}
	return s;
}

/* 1 when e is an instance of a rule named in the template's "after" list
 * (what a late template waited for, which its instances do not need) */
static int is_after(const cJSON *tmpl, const struct edge *e)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(tmpl, "after"))
		if (cJSON_IsString(a) && e->rule && strcmp(a->valuestring, e->rule->name) == 0)
			return 1;
	return 0;
}

/* each instance gets e's env (tenv) and its needs (but the "after" ones),
 * pool, timeout and flags; t, unless it became the only instance, turns
 * into a group that needs every instance */
static void finish_instances(struct graph *g, struct rule *r, struct edge *t, size_t first, const cJSON *tmpl,
                             char **tenv, size_t ntenv)
{
	size_t i, j, n = 0;
	int reused = t->command || t->action;
	struct edge **needs = xcalloc(t->nneeds + 1, sizeof(*needs));

	for (i = 0; i < t->nneeds; i++)
		if (!is_after(tmpl, t->needs[i]))
			needs[n++] = t->needs[i];
	for (i = reused ? first - 1 : first; i < g->nedges; i++) {
		struct edge *e = i == first - 1 ? t : g->edges[i];

		for (j = 0; j < ntenv; j++) {
			struct strset s = {e->env, e->nenv, e->nenv};

			strset_add(&s, tenv[j]);
			e->env = s.v;
			e->nenv = s.n;
		}
		if (e == t)
			continue;
		e->pool = t->pool;
		e->timeout = t->timeout;
		e->flags |= t->flags & (EDGE_ALWAYS | EDGE_NOCACHE);
		if (n) {
			e->needs = xreallocarray(e->needs, e->nneeds + n, sizeof(e->needs[0]));
			memcpy(e->needs + e->nneeds, needs, n * sizeof(needs[0]));
			e->nneeds += n;
		}
	}
	if (reused) {
		/* t is the instance: it keeps only its own needs */
		memcpy(t->needs, needs, n * sizeof(needs[0]));
		t->nneeds = n;
		t->flags &= ~(unsigned)EDGE_TEMPLATE;
		free(needs);
		return;
	}
	free(needs);
	t->needs = xreallocarray(t->needs, t->nneeds + (g->nedges - first) + 1, sizeof(t->needs[0]));
	for (i = first; i < g->nedges; i++)
		t->needs[t->nneeds++] = g->edges[i];
	memmove(r->inst, r->inst + 1, (r->ninst - 1) * sizeof(r->inst[0]));
	r->ninst--;
	t->flags = (t->flags & ~(unsigned)EDGE_TEMPLATE) | EDGE_GROUP;
}

/* a loader for instances added to g: globs see every output of the graph */
static void tmpl_loader(struct loader *L, struct graph *g)
{
	size_t i;

	memset(L, 0, sizeof(*L));
	L->g = g;
	L->root = g->loader ? (char *)g->loader : ".";
	L->glob = glob_new(L->root);
	glob_set_skip(L->glob, g->glob_skip, g->glob_skip_ctx);
	for (i = 0; i < g->nnodes; i++)
		if (g->nodes[i]->gen)
			glob_add_output(L->glob, g->nodes[i]->path, g->nodes[i]->is_dir);
}

static void tmpl_loader_release(struct loader *L)
{
	size_t i;

	glob_free(L->glob);
	free(L->stamp);
	for (i = 0; i < L->nneed; i++)
		free(L->need[i].name);
	free(L->need);
}

/* the names of the elements a foreach rule skips */
struct skips {
	struct htab *set;
	char **names;
	size_t n;
};

static void skips_release(struct skips *sk)
{
	size_t i;

	for (i = 0; i < sk->n; i++)
		free(sk->names[i]);
	free(sk->names);
	htab_free(sk->set);
}

int graph_skip_unchanged(const cJSON *files)
{
	const cJSON *f;

	if (!cJSON_IsObject(files))
		return 0;
	cJSON_ArrayForEach(f, files) {
		struct hash h, want;

		if (hash_file(f->string, &h) < 0) {
			if (!cJSON_IsNull(f))
				return 0;
			continue;
		}
		if (!cJSON_IsString(f) || hash_parse(f->valuestring, &want) < 0 || !hash_eq(h, want))
			return 0;
	}
	return 1;
}

/* the name an entry of a skip list skips, or NULL: a scalar always; an
 * object {"name": N, "unchanged": {...}} while its files are unchanged */
static char *skip_name(const cJSON *e)
{
	const cJSON *files;

	if (!cJSON_IsObject(e))
		return json_scalar(e);
	files = cJSON_GetObjectItemCaseSensitive(e, "unchanged");
	if (files && !graph_skip_unchanged(files))
		return NULL;
	return json_scalar(cJSON_GetObjectItemCaseSensitive(e, "name"));
}

/* the skip list of r (a JSON array; entries not scalars nor objects with
 * a name ignored) into sk; 0, or -1 after an error */
static int read_skips(struct rule *r, const char *json, size_t len, struct skips *sk)
{
	cJSON *skip;
	const cJSON *e;

	if (!json || !len)
		return 0;
	skip = cJSON_ParseWithLength(json, len);
	if (!skip || !cJSON_IsArray(skip)) {
		if (r->foreach_skip)
			error("'%s', the skip list of rule '%s', is not a JSON array", r->foreach_skip, r->name);
		else
			error("the skip list of rule '%s' is not a JSON array", r->name);
		cJSON_Delete(skip);
		return -1;
	}
	cJSON_ArrayForEach(e, skip) {
		char *s = skip_name(e);

		if (!s)
			continue;
		sk->names = xreallocarray(sk->names, sk->n + 1, sizeof(char *));
		sk->names[sk->n++] = s;
		*htab_put(sk->set, s, strlen(s)) = s;
	}
	cJSON_Delete(skip);
	return 0;
}

/* an instance of d per element of the array list but the skipped; 0 or -1 */
static int expand_array(struct loader *L, struct ruledef *d, struct xctx *x, struct rule *r,
                        const cJSON *list, const struct skips *sk)
{
	const cJSON *el;
	size_t idx = 0;
	int rc;

	cJSON_ArrayForEach(el, list) {
		char *name = elem_name(r, el, idx++);

		if (!name)
			return -1;
		if (htab_get(sk->set, name, strlen(name))) {
			free(name);
			continue;
		}
		x->item = el;
		x->itemname = name;
		rc = ruledef_build(L, d, x, name);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* an instance of d per key of the object list, in byte order, but the
 * skipped; 0 or -1 */
static int expand_object(struct loader *L, struct ruledef *d, struct xctx *x, const cJSON *list,
                         const struct skips *sk)
{
	const cJSON *el;
	char **keys = NULL;
	size_t nk = 0, i;
	int ret = 0;

	cJSON_ArrayForEach(el, list) {
		keys = xreallocarray(keys, nk + 1, sizeof(char *));
		keys[nk++] = el->string;
	}
	if (nk)
		qsort(keys, nk, sizeof(char *), cmp_strp);
	for (i = 0; i < nk && ret == 0; i++) {
		if (htab_get(sk->set, keys[i], strlen(keys[i])))
			continue;
		x->item = cJSON_GetObjectItemCaseSensitive(list, keys[i]);
		x->itemname = keys[i];
		ret = ruledef_build(L, d, x, keys[i]);
	}
	free(keys);
	return ret < 0 ? -1 : 0;
}

int graph_expand_foreach(struct graph *g, struct rule *r, const char *list_json, size_t len,
                         const char *skip_json, size_t skiplen)
{
	struct loader L;
	struct ruledef d;
	struct xctx x;
	struct edge *t;
	struct skips sk;
	cJSON *tmpl = NULL, *list = NULL;
	size_t first;
	int ret = -1, haved = 0, rc;

	memset(&L, 0, sizeof(L));
	memset(&x, 0, sizeof(x));
	memset(&sk, 0, sizeof(sk));
	sk.set = htab_new(16);
	if (r->ninst != 1 || !(r->inst[0]->flags & EDGE_TEMPLATE) || !r->src) {
		error("rule '%s' is not a foreach rule waiting for its list", r->name);
		goto out;
	}
	t = r->inst[0];
	if (!(tmpl = tmpl_open(r, &d)))
		goto out;
	haved = 1;
	/* the template's JSON holds strings; these the template edge keeps */
	d.executor = t->executor;
	d.res = t->res;
	list = cJSON_ParseWithLength(list_json ? list_json : "", list_json ? len : 0);
	if (!list || !(cJSON_IsArray(list) || cJSON_IsObject(list))) {
		error("'%s', the foreach list of rule '%s', is not a JSON array or object", r->foreach_from, r->name);
		goto out;
	}
	if (read_skips(r, skip_json, skiplen, &sk) < 0)
		goto out;
	tmpl_loader(&L, g);
	first = g->nedges;
	if (cJSON_IsArray(list))
		rc = expand_array(&L, &d, &x, r, list, &sk);
	else
		rc = expand_object(&L, &d, &x, list, &sk);
	if (rc < 0)
		goto out;
	finish_instances(g, r, t, first, tmpl, t->env, t->nenv);
	ret = 0;
out:
	if (haved)
		tmpl_release(&d);
	tmpl_loader_release(&L);
	skips_release(&sk);
	cJSON_Delete(tmpl);
	cJSON_Delete(list);
	return ret;
}

int graph_expand_late(struct graph *g, struct rule *r)
{
	struct loader L;
	struct ruledef d;
	struct xctx x;
	struct edge *t;
	cJSON *tmpl = NULL;
	char **tenv;
	size_t ntenv, first = g->nedges, i;
	int ret = -1, haved = 0;

	memset(&L, 0, sizeof(L));
	memset(&x, 0, sizeof(x));
	if (r->foreach_from || r->ninst != 1 || !(r->inst[0]->flags & EDGE_TEMPLATE) || !r->src)
		return error("rule '%s' is not a rule waiting for foreach instances", r->name);
	t = r->inst[0];
	if (!(tmpl = tmpl_open(r, &d)))
		goto out;
	haved = 1;
	/* the template's JSON holds strings; these the template edge keeps */
	d.executor = t->executor;
	d.res = t->res;
	tmpl_loader(&L, g);
	L.reuse = t;
	tenv = t->env;
	ntenv = t->nenv;
	t->env = NULL;
	t->nenv = 0;
	if (ruledef_build(&L, &d, &x, NULL) == 0) {
			finish_instances(g, r, t, first, tmpl, tenv, ntenv);
		ret = 0;
	}
	for (i = 0; i < ntenv; i++)
		free(tenv[i]);
	free(tenv);
out:
	if (haved)
		tmpl_release(&d);
	tmpl_loader_release(&L);
	cJSON_Delete(tmpl);
	return ret;
}

int graph_rule_matrix(const struct rule *r, const char *param,
                      void (*fn)(void *ctx, const char *val), void *ctx)
{
	size_t i, plen = strlen(param);
	int n = 0;

	if (r->src) {
		cJSON *t = cJSON_Parse(r->src);
		const cJSON *m, *v;

		if (!t)
			return error("rule '%s': its foreach template is damaged", r->name);
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(t, "matrix")) {
			if (!jstr(m, "name") || strcmp(jstr(m, "name"), param) != 0)
				continue;
			cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(m, "values"))
				if (cJSON_IsString(v)) {
					fn(ctx, v->valuestring);
					n++;
				}
		}
		cJSON_Delete(t);
		return n;
	}
	/* a plain rule's instances are named "rule[p=v,q=w]" (values hold no
	 * '[', ']' or ',') */
	for (i = 0; i < r->ninst; i++) {
		const char *p = strchr(r->inst[i]->name, '[');

		while (p && *p && *p != ']') {
			const char *q = ++p, *end = q + strcspn(q, ",]");

			if ((size_t)(end - q) > plen && memcmp(q, param, plen) == 0 && q[plen] == '=') {
				char *val = xstrndup(q + plen + 1, (size_t)(end - q) - plen - 1);

				fn(ctx, val);
				free(val);
				n++;
			}
			p = end;
		}
	}
	return n;
}
