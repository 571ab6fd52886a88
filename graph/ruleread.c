/* ruleread.c: one entry of rules: (a YAML map) into a struct ruledef:
 * each key in its own reader, the with: values, matrix and foreach, and a
 * use: checked against the action table with its with: keys. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/opt.h"
#include "base/util.h"
#include "graph/action.h"
#include "graph/load.h"
#include "graph/ruleread.h"

/* the keys of a rule, in the order of enum rule_key */
static const char *const rule_keys[] = {"run", "use", "with", "in", "out", "needs", "env", "matrix",
                                        "foreach", "depfile", "pool", "timeout", "always", "cache",
                                        "description", "executor", "resources"};
enum rule_key {
	K_RUN, K_USE, K_WITH, K_IN, K_OUT, K_NEEDS, K_ENV, K_MATRIX, K_FOREACH, K_DEPFILE, K_POOL, K_TIMEOUT,
	K_ALWAYS, K_CACHE, K_DESCRIPTION, K_EXECUTOR, K_RESOURCES, NKEYS
};
static const char *const foreach_keys[] = {"from", "key", "skip"};
static const char *const resource_keys[] = {"cpus", "mem", "time"};

int var_name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

int var_name_reserved(const char *s)
{
	return strcmp(s, "in") == 0 || strcmp(s, "out") == 0 || strcmp(s, "item") == 0 || strcmp(s, "env") == 0;
}

static int parse_number(const char *s, double *out)
{
	char *end;

	if (!*s || isspace((unsigned char)*s) || strncmp(s, "0x", 2) == 0)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end || errno || !isfinite(*out))
		return -1;
	return 0;
}

/* a with: value (a list only when not inlist); its list is d's to free */
static int read_wval(struct yfile *f, struct ynode *v, struct wval *w, const char *key, const char *rule,
                     int inlist)
{
	memset(w, 0, sizeof(*w));
	if (v->kind == YNODE_SCALAR) {
		const char *s = v->u.s;

		w->s = yfile_lstr(f, v);
		if (ynode_plain(v) && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
			w->kind = W_BOOL;
			w->b = s[0] == 't';
		} else if (ynode_plain(v) && parse_number(s, &w->num) == 0) {
			w->kind = W_NUMBER;
		} else {
			w->kind = W_STRING;
		}
		return 0;
	}
	if (v->kind == YNODE_SEQ && !inlist) {
		size_t i;

		w->kind = W_LIST;
		w->list = xcalloc((size_t)v->n + 1, sizeof(*w->list));
		for (i = 0; i < v->n; i++)
			if (read_wval(f, yseq_item(f, v, i), &w->list[w->n++], key, rule, 1) < 0)
				return -1;
		return 0;
	}
	return yfile_error(f, v, "'with: %s' of rule '%s' must be a string, a number or a list of them, not %s", key,
	                   rule, ynode_kind(v));
}

static int read_bool(struct yfile *f, struct ynode *v, const char *key, const char *rule, int *out)
{
	const char *s = v->u.s;

	if (v->kind == YNODE_SCALAR && strcmp(s, "true") == 0)
		*out = 1;
	else if (v->kind == YNODE_SCALAR && strcmp(s, "false") == 0)
		*out = 0;
	else
		return yfile_error(f, v, "'%s' of rule '%s' must be true or false", key, rule);
	return 0;
}

static int read_foreach(struct yfile *f, struct ynode *v, struct ruledef *d)
{
	size_t p;
	const char *rule = d->rule->name;

	d->foreach = 1;
	if (v->kind == YNODE_SCALAR) {
		d->fe_from = yfile_lstr(f, v);
		return 0;
	}
	if (v->kind != YNODE_MAP)
		return yfile_error(f, v, "'foreach' of rule '%s' must be a file name or a map, not %s", rule, ynode_kind(v));
	for (p = 0; p < v->n; p++) {
		struct ynode *k = ymap_key(f, v, p), *x = ymap_value(f, v, p);
		const char *key = k->u.s;
		int i = key_index(key, foreach_keys, NELEM(foreach_keys));
		char what[64];

		if (i < 0) {
			snprintf(what, sizeof(what), "in 'foreach' of rule '%s'", rule);
			yfile_unknown_key(f, k, what, foreach_keys, NELEM(foreach_keys));
			return -1;
		}
		snprintf(what, sizeof(what), "'foreach: %s'", key);
		if (yfile_want_scalar(f, x, what) < 0)
			return -1;
		if (i == 0)
			d->fe_from = yfile_lstr(f, x);
		else if (i == 1)
			d->fe_key = yfile_lstr(f, x);
		else
			d->fe_skip = yfile_lstr(f, x);
	}
	if (!d->fe_from.s)
		return yfile_error(f, v, "'foreach' of rule '%s' lacks 'from'", rule);
	if (!*d->fe_from.s)
		return yfile_error(f, v, "'foreach' of rule '%s' has an empty 'from'", rule);
	return 0;
}

static int read_matrix(struct yfile *f, struct ynode *v, struct ruledef *d)
{
	size_t p;
	const char *rule = d->rule->name;

	if (v->kind != YNODE_MAP)
		return yfile_error(f, v, "'matrix' of rule '%s' must be a map of lists, not %s", rule, ynode_kind(v));
	d->matrix = xcalloc((size_t)v->n + 1,
	                    sizeof(*d->matrix));
	for (p = 0; p < v->n; p++) {
		struct ynode *k = ymap_key(f, v, p), *x = ymap_value(f, v, p);
		const char *name = k->u.s;
		struct mparam *m = &d->matrix[d->nmatrix++];
		size_t i;

		m->name = yfile_lstr(f, k);
		if (!var_name_ok(name))
			return yfile_error(f, k, "bad matrix parameter name '%s'", name);
		if (var_name_reserved(name))
			return yfile_error(f, k, "matrix parameter name '%s' is reserved", name);
		if (yfile_str_list(f, x, "a matrix parameter", &m->vals, &m->n) < 0)
			return -1;
		if (m->n == 0)
			return yfile_error(f, x, "matrix parameter '%s' of rule '%s' has no values", name, rule);
		for (i = 0; i < m->n; i++)
			if (strpbrk(m->vals[i].s, "[],") || !*m->vals[i].s)
				return lstr_error(&m->vals[i], -1, "matrix value '%s' of rule '%s' must not be empty or hold '[', ']' or ','",
				                  m->vals[i].s, rule);
	}
	return 0;
}

static int bad_rule_name(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (isspace((unsigned char)*s) || strchr("[],$", *s))
			return 1;
	return 0;
}

/* "one of: a, b, c" for an error message (malloc'd) */
static char *name_list(const char *const *names, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "one of: ", names[i]);
	return b.s ? b.s : xstrdup("none");
}

/* the with: keys of d name keys of action a */
static int check_with_keys(const struct action *a, const struct ruledef *d, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < d->nwith; i++) {
		const struct lstr *key = &d->with[i].key;
		const char *best;
		char *list, *low, *p;

		if (action_key(a, key->s))
			continue;
		while (a->keys && a->keys[n])
			n++;
		/* the keys are spelled lowercase, with '-' */
		low = xstrdup(key->s);
		for (p = low; *p; p++)
			*p = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
		best = closest(low, a->keys, n);
		free(low);
		if (best)
			return lstr_error(key, -1, "unknown key '%s' in 'with' of rule '%s' (did you mean '%s'?)",
			                  key->s, name, best);
		list = name_list(a->keys, n);
		lstr_error(key, -1, "unknown key '%s' in 'with' of rule '%s' (action '%s' takes %s)", key->s,
		           name, a->name, list);
		free(list);
		return -1;
	}
	return 0;
}

/* d's use: names an action of the table, and its with: keys are the
 * action's */
static int check_use(const struct actions *t, const struct ruledef *d, const char *name)
{
	const struct action *a = actions_find(t, d->use.s);
	const char **names;
	const char *best;
	char *list;
	size_t i, n = t ? t->n : 0;

	if (a)
		return check_with_keys(a, d, name);
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = t->v[i]->name;
	if ((best = closest(d->use.s, names, n)))
		lstr_error(&d->use, -1, "unknown action '%s' in rule '%s' (did you mean '%s'?)", d->use.s, name,
		           best);
	else {
		list = name_list(names, n);
		lstr_error(&d->use, -1, "unknown action '%s' in rule '%s' (%s)", d->use.s, name, list);
		free(list);
	}
	free(names);
	return -1;
}

/* the string of d that key i fills, or NULL */
static struct lstr *str_field(struct ruledef *d, int i)
{
	switch (i) {
	case K_RUN:
		return &d->run;
	case K_USE:
		return &d->use;
	case K_DEPFILE:
		return &d->depfile;
	case K_POOL:
		return &d->pool;
	case K_DESCRIPTION:
		return &d->description;
	}
	return NULL;
}

/* the list of d that key i fills: 1, or 0 when it fills none */
static int list_field(struct ruledef *d, int i, struct lstr ***v, size_t **n)
{
	switch (i) {
	case K_IN:
		*v = &d->in;
		*n = &d->nin;
		return 1;
	case K_OUT:
		*v = &d->out;
		*n = &d->nout;
		return 1;
	case K_NEEDS:
		*v = &d->needs;
		*n = &d->nneeds;
		return 1;
	case K_ENV:
		*v = &d->env;
		*n = &d->nenv;
		return 1;
	}
	return 0;
}

/* with: a map of names to values (empty: none) */
static int read_with(struct yfile *f, struct ynode *x, struct ruledef *d, const char *what)
{
	size_t q;

	if (ynode_null(x))
		return 0;
	if (x->kind != YNODE_MAP)
		return yfile_error(f, x, "%s must be a map, not %s", what, ynode_kind(x));
	d->with = xcalloc((size_t)x->n + 1, sizeof(*d->with));
	for (q = 0; q < x->n; q++) {
		struct ynode *wk = ymap_key(f, x, q);
		struct wentry *w = &d->with[d->nwith++];

		w->key = yfile_lstr(f, wk);
		if (read_wval(f, ymap_value(f, x, q), &w->val, w->key.s, d->rule->name, 0) < 0)
			return -1;
	}
	return 0;
}

static int read_timeout(struct yfile *f, struct ynode *x, struct ruledef *d, const char *what)
{
	if (x->kind != YNODE_SCALAR || parse_number(x->u.s, &d->timeout) < 0 ||
	    d->timeout <= 0)
		return yfile_error(f, x, "%s must be a number of seconds above 0", what);
	if (d->timeout > MANIFEST_MAX_TIMEOUT)
		return yfile_error(f, x, "%s must be at most %.0f seconds, not '%s'", what, MANIFEST_MAX_TIMEOUT,
		                   x->u.s);
	return 0;
}

int read_executor(struct yfile *f, struct ynode *x, const char *what, unsigned char *out)
{
	int k = x->kind == YNODE_SCALAR ? graph_executor(x->u.s) : -1;

	if (k < 0)
		return yfile_error(f, x, "%s must be local, slurm or auto", what);
	*out = (unsigned char)k;
	return 0;
}

/* resources: {cpus: N, mem: SIZE, time: DURATION}, each above 0 */
static int read_resources(struct yfile *f, struct ynode *x, struct ruledef *d, const char *what)
{
	static const char *const kinds[] = {"a count from 1 to 100000", "a size (512M, 4G)",
	                                    "a duration (90s, 30m, 2h)"};
	size_t p;

	if (x->kind != YNODE_MAP)
		return yfile_error(f, x, "%s must be a map, not %s", what, ynode_kind(x));
	for (p = 0; p < x->n; p++) {
		struct ynode *k = ymap_key(f, x, p), *v = ymap_value(f, x, p);
		int i = key_index(k->u.s, resource_keys, NELEM(resource_keys));
		const char *s = v->kind == YNODE_SCALAR ? v->u.s : NULL;
		long long n = 0;
		int bad;

		if (i < 0) {
			char where[320];

			snprintf(where, sizeof(where), "in %s", what);
			yfile_unknown_key(f, k, where, resource_keys, NELEM(resource_keys));
			return -1;
		}
		if (i == 0)
			bad = !s || opt_count(NULL, s, 1, 100000, &n) < 0 || !(d->res.cpus = (int)n);
		else if (i == 1)
			bad = !s || opt_size(NULL, s, &d->res.mem) < 0 || d->res.mem <= 0;
		else
			bad = !s || opt_duration(NULL, s, &d->res.time) < 0 || d->res.time <= 0;
		if (bad)
			return yfile_error(f, v, "'%s' in %s must be %s", resource_keys[i], what, kinds[i]);
	}
	return 0;
}

/* the value x of key kk (index i of rule_keys, -1: unknown) of rule d */
static int read_key(struct yfile *f, struct ruledef *d, int i, struct ynode *kk, struct ynode *x)
{
	const char *key = kk->u.s, *name = d->rule->name;
	char what[300];
	struct lstr *s, **v;
	size_t *n;
	int cache;

	snprintf(what, sizeof(what), "'%s' of rule '%s'", key, name);
	if ((s = str_field(d, i))) {
		if (yfile_want_scalar(f, x, what) < 0)
			return -1;
		*s = yfile_lstr(f, x);
		return 0;
	}
	if (list_field(d, i, &v, &n))
		return yfile_str_list(f, x, what, v, n);
	switch (i) {
	case K_WITH:
		return read_with(f, x, d, what);
	case K_MATRIX:
		return read_matrix(f, x, d);
	case K_FOREACH:
		return read_foreach(f, x, d);
	case K_TIMEOUT:
		return read_timeout(f, x, d, what);
	case K_EXECUTOR:
		return read_executor(f, x, what, &d->executor);
	case K_RESOURCES:
		return read_resources(f, x, d, what);
	case K_ALWAYS:
		return read_bool(f, x, key, name, &d->always);
	case K_CACHE:
		if (read_bool(f, x, key, name, &cache) < 0)
			return -1;
		d->nocache = !cache;
		return 0;
	}
	snprintf(what, sizeof(what), "in rule '%s'", name);
	yfile_unknown_key(f, kk, what, rule_keys, NELEM(rule_keys));
	return -1;
}

/* exactly one of run: and use:, with: only with use:; at[i]: where key i
 * was written, or NULL */
static int check_keys(const struct actions *t, struct yfile *f, struct ynode *k, const struct ruledef *d,
                      struct ynode *const *at)
{
	const char *name = d->rule->name;

	if (at[K_RUN] && at[K_USE])
		return yfile_error(f, at[K_USE], "rule '%s' has both 'run' and 'use' (it needs exactly one)", name);
	if (!at[K_RUN] && !at[K_USE])
		return yfile_error(f, k, "rule '%s' has neither 'run' nor 'use'", name);
	if (at[K_WITH] && !at[K_USE])
		return yfile_error(f, at[K_WITH], "'with' of rule '%s' needs 'use'", name);
	if (at[K_USE])
		return check_use(t, d, name);
	return 0;
}

/* a new rule named by k (its name checked) in g, or NULL after an error */
static struct rule *add_rule(struct graph *g, struct yfile *f, struct ynode *k)
{
	const char *name = k->u.s;
	struct loc loc = {f->path, (int)k->line + 1, (int)k->col + 1};
	struct rule *r, *o;

	if (bad_rule_name(name)) {
		yfile_error(f, k, "bad rule name '%s' (no spaces, '[', ']', ',' or '$')", name);
		return NULL;
	}
	r = graph_add_rule(g, name, loc);
	if (!r) {
		o = graph_find_rule(g, name);
		yfile_error(f, k, "rule '%s' is defined twice (also at %s:%d:%d)", name, o->loc.file, o->loc.line,
		            o->loc.col);
	}
	return r;
}

struct ruledef *ruledef_read(struct graph *g, const struct actions *t, struct yfile *f, struct ynode *k,
                             struct ynode *v)
{
	struct ynode *at[NKEYS] = {NULL};
	size_t p;
	struct ruledef *d;
	struct rule *r;

	if (!(r = add_rule(g, f, k)))
		return NULL;
	if (v->kind != YNODE_MAP) {
		yfile_error(f, v, "rule '%s' must be a map, not %s", r->name, ynode_kind(v));
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->rule = r;
	for (p = 0; p < v->n; p++) {
		struct ynode *kk = ymap_key(f, v, p);
		int i = key_index(kk->u.s, rule_keys, NELEM(rule_keys));

		if (read_key(f, d, i, kk, ymap_value(f, v, p)) < 0)
			goto fail;
		at[i] = kk;
	}
	if (check_keys(t, f, k, d, at) < 0)
		goto fail;
	return d;
fail:
	ruledef_free(d);
	return NULL;
}

void ruledef_free(struct ruledef *d)
{
	size_t i;

	free(d->in);
	free(d->out);
	free(d->needs);
	free(d->after);
	free(d->env);
	for (i = 0; i < d->nwith; i++)
		free(d->with[i].val.list);
	free(d->with);
	for (i = 0; i < d->nmatrix; i++)
		free(d->matrix[i].vals);
	free(d->matrix);
	free(d);
}
