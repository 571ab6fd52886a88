/* expand.c: ${...} expansion of manifest strings, and the vars they refer
 * to (expand.h; the rules are in docs/manifest.md). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "graph/expand.h"
#include "base/htab.h"
#include "base/util.h"

/* ${raw:NAME}: the value of NAME as it is (docs/manifest.md, Quoting) */
#define RAW_PREFIX "raw:"
/* escaped in a literal value substituted into in: */
#define GLOB_SPECIAL "\\*?[]"

struct var {
	char *name;
	struct lstr def, at;
	char *value;          /* once expanded (or overridden) */
	int state;            /* 0 not yet, 1 expanding, 2 done */
	int late;             /* uses ${in}, ${out} or ${item...}: expanded at each use */
	int busy;             /* a late var being expanded */
	struct strset env;    /* ${env.X} names its value used */
};

struct vars {
	struct htab *map;
	struct var **v;
	size_t n, cap;
};

struct vars *vars_new(void)
{
	struct vars *v = xcalloc(1, sizeof(*v));

	v->map = htab_new(64);
	return v;
}

void vars_free(struct vars *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->v[i]->name);
		free(v->v[i]->value);
		strset_free(&v->v[i]->env);
		free(v->v[i]);
	}
	free(v->v);
	htab_free(v->map);
	free(v);
}

/* 1 when r's text refers to ${in}, ${out}, ${in[N]}, ${out[N]} or
 * ${item...}, directly or through other vars (then it is expanded where
 * it is used, not once) */
static int var_late(struct vars *v, struct var *r, int depth)
{
	const char *p, *text = r->def.s;

	if (r->late >= 0 || !text)
		return r->late > 0;
	if (depth > 64)
		return 0;
	r->late = 0;
	for (p = text; (p = strstr(p, "${")); p += 2) {
		const char *n = p + 2, *end = strchr(n, '}');
		struct var *o;

		if (p > text && p[-1] == '$')
			continue;
		if (strncmp(n, RAW_PREFIX, strlen(RAW_PREFIX)) == 0)
			n += strlen(RAW_PREFIX);
		if (strncmp(n, "in}", 3) == 0 || strncmp(n, "in[", 3) == 0 || strncmp(n, "out}", 4) == 0 ||
		    strncmp(n, "out[", 4) == 0 || strncmp(n, "item}", 5) == 0 || strncmp(n, "item.", 5) == 0) {
			r->late = 1;
			break;
		}
		if (!end)
			break;
		o = htab_get(v->map, n, (size_t)(end - n));
		if (o && o != r && o->state != 2 && var_late(v, o, depth + 1)) {
			r->late = 1;
			break;
		}
	}
	return r->late;
}

const struct lstr *vars_define(struct vars *v, const char *name, const struct lstr *at, const struct lstr *def)
{
	struct var *r = htab_get(v->map, name, strlen(name));

	if (r && r->def.s)
		return &r->at;
	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->name = xstrdup(name);
		growarray(&v->v, &v->cap, v->n + 1, sizeof(v->v[0]));
		v->v[v->n++] = r;
		*htab_put(v->map, r->name, strlen(r->name)) = r;
	}
	r->def = *def;
	r->at = *at;
	r->late = -1;
	return NULL;
}

void vars_override(struct vars *v, const char *name, const char *value)
{
	struct var *r = htab_get(v->map, name, strlen(name));

	if (!r) {
		r = xcalloc(1, sizeof(*r));
		r->name = xstrdup(name);
		growarray(&v->v, &v->cap, v->n + 1, sizeof(v->v[0]));
		v->v[v->n++] = r;
		*htab_put(v->map, r->name, strlen(r->name)) = r;
	}
	free(r->value);
	r->value = xstrdup(value);
	/* state 2: a later definition in the manifest does not replace it */
	r->state = 2;
}

/* the value of one reference: a scalar, or a list */
struct xval {
	const char *s;
	char **list;
	size_t n;
	int path;             /* workspace paths: "./" before a leading '-' in run: */
	int literal;          /* a foreach or matrix value: never a glob in in: */
	int noquote;          /* ${raw:...} or an env value: not shell-quoted in run: */
	int verbatim;         /* defer: copy the reference as written */
	int raw;              /* already expanded in place (a late var): insert as is */
	char *owned;          /* s when malloc'd here */
	char **ownedlist;
};

static void xval_release(struct xval *v)
{
	size_t i;

	free(v->owned);
	if (v->ownedlist) {
		for (i = 0; i < v->n; i++)
			free(v->ownedlist[i]);
		free(v->ownedlist);
	}
}

char *json_scalar(const cJSON *j)
{
	if (cJSON_IsString(j))
		return xstrdup(j->valuestring);
	if (cJSON_IsBool(j))
		return xstrdup(cJSON_IsTrue(j) ? "true" : "false");
	if (cJSON_IsNull(j))
		return xstrdup("");
	if (cJSON_IsNumber(j)) {
		double d = j->valuedouble;

		if (isfinite(d) && d < 1e18 && d > -1e18 && d == (double)(long long)d)
			return xasprintf("%lld", (long long)d);
		return xasprintf("%.17g", d);
	}
	return NULL;
}

static int expand_into(struct xctx *x, const struct lstr *s, const char *text, struct buf *out,
                       struct var *self);

static int var_value(struct xctx *x, const struct lstr *s, long off, struct var *r)
{
	struct xctx x2;

	if (r->state == 2)
		return 0;
	if (r->state == 1)
		return lstr_error(s, off, "var '%s' refers to itself", r->name);
	memset(&x2, 0, sizeof(x2));
	x2.vars = x->vars;
	x2.env = &r->env;
	r->state = 1;
	{
		struct buf b = BUF_INIT;

		if (expand_into(&x2, &r->def, r->def.s, &b, r) < 0) {
			buf_free(&b);
			r->state = 0;
			return -1;
		}
		r->value = buf_take(&b);
	}
	r->state = 2;
	return 0;
}

static int resolve_item(struct xctx *x, const struct lstr *s, long off, const char *path, struct xval *v)
{
	const cJSON *j = x->item;
	const char *p = path;

	if (!*p) {
		v->s = x->itemname;
		return 0;
	}
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *field = xstrndup(p, n);

		if (!cJSON_IsObject(j)) {
			lstr_error(s, off, "'${item.%s}': element '%s' is not an object", path, x->itemname);
			free(field);
			return -1;
		}
		j = cJSON_GetObjectItemCaseSensitive(j, field);
		if (!j) {
			lstr_error(s, off, "element '%s' has no field '%s'", x->itemname, field);
			free(field);
			return -1;
		}
		free(field);
		p += n;
		if (*p == '.')
			p++;
	}
	if (cJSON_IsArray(j)) {
		const cJSON *e;
		size_t i = 0;

		v->n = (size_t)cJSON_GetArraySize(j);
		v->ownedlist = v->list = xcalloc(v->n + 1, sizeof(char *));
		cJSON_ArrayForEach(e, j) {
			char *t = json_scalar(e);

			if (!t) {
				v->n = i;
				return lstr_error(s, off, "field '%s' of element '%s' holds a list or object where a string belongs",
				                  path, x->itemname);
			}
			v->list[i++] = t;
		}
		return 0;
	}
	v->owned = json_scalar(j);
	if (!v->owned)
		return lstr_error(s, off, "field '%s' of element '%s' is an object, not a string", path, x->itemname);
	v->s = v->owned;
	return 0;
}

static int isname(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || !(isalpha((unsigned char)p[0]) || p[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)p[i]) || p[i] == '_'))
			return 0;
	return 1;
}

/* ${env.NAME} or ${env.NAME:-default} (n: from NAME); a copy, never quoted */
static int resolve_env(struct xctx *x, const struct lstr *s, long off, const char *n, struct xval *v)
{
	const char *def = strstr(n, ":-"), *val;
	size_t nl = def ? (size_t)(def - n) : strlen(n);
	char *ename = xstrndup(n, nl);

	if (!isname(ename, nl)) {
		lstr_error(s, off, "bad environment variable name '%s'", ename);
		free(ename);
		return -1;
	}
	val = getenv(ename);
	if (def && (!val || !*val))
		val = def + 2;
	if (x->env)
		strset_add(x->env, ename);
	free(ename);
	/* a copy: the default points into name, which the caller frees */
	v->s = v->owned = xstrdup(val ? val : "");
	v->noquote = 1;
	return 0;
}

/* is name ${in}, ${out}, ${in[N]} or ${out[N]}? */
static int is_inout(const char *name)
{
	size_t len = strlen(name);

	return strcmp(name, "in") == 0 || strcmp(name, "out") == 0 ||
	       ((strncmp(name, "in[", 3) == 0 || strncmp(name, "out[", 4) == 0) && name[len - 1] == ']');
}

static int resolve_inout(struct xctx *x, const struct lstr *s, long off, const char *name, struct xval *v)
{
	int isin = name[0] == 'i';
	char **list = isin ? x->in : x->out;
	size_t n = isin ? x->nin : x->nout;
	const char *br = strchr(name, '[');

	if (!list)
		return lstr_error(s, off, "'${%s}' cannot be used here", name);
	v->path = 1;
	if (x->defer) {
		v->verbatim = 1;
		return 0;
	}
	if (br) {
		char *end;
		unsigned long k = strtoul(br + 1, &end, 10);

		if (end == br + 1 || *end != ']' || !isdigit((unsigned char)br[1]))
			return lstr_error(s, off, "bad index in '${%s}'", name);
		if (k >= n)
			return lstr_error(s, off, "'${%s}': the rule has %zu %s", name, n,
			                  isin ? (n == 1 ? "input" : "inputs") : (n == 1 ? "output" : "outputs"));
		v->s = list[k];
		return 0;
	}
	v->list = list;
	v->n = n;
	return 0;
}

/* a late var r: like a ninja rule variable, expanded where it is used */
static int resolve_late(struct xctx *x, const struct lstr *s, long off, struct var *r, struct xval *v)
{
	struct buf b = BUF_INIT;
	int rc;

	if (r->busy)
		return lstr_error(s, off, "var '%s' refers to itself", r->name);
	r->busy = 1;
	rc = expand_into(x, &r->def, r->def.s, &b, NULL);
	r->busy = 0;
	if (rc < 0) {
		buf_free(&b);
		return -1;
	}
	v->owned = buf_take(&b);
	v->s = v->owned;
	v->raw = 1;
	return 0;
}

/* report an unknown var, with the closest defined name */
static int unknown_var(struct xctx *x, const struct lstr *s, long off, const char *name)
{
	const char **names = xcalloc(x->vars->n + 1, sizeof(char *));
	const char *best;
	size_t i, k = 0;

	for (i = 0; i < x->vars->n; i++)
		if (x->vars->v[i]->def.s || x->vars->v[i]->state == 2)
			names[k++] = x->vars->v[i]->name;
	best = closest(name, names, k);
	if (best)
		lstr_error(s, off, "unknown var '%s' (did you mean '%s'?)", name, best);
	else
		lstr_error(s, off, "unknown var '%s'", name);
	free(names);
	return -1;
}

/* a var of the manifest (self: the one being defined, which may not
 * refer to itself) */
static int resolve_var(struct xctx *x, const struct lstr *s, long off, const char *name, struct xval *v,
                       struct var *self)
{
	struct var *r = htab_get(x->vars->map, name, strlen(name));
	size_t i;

	if (r && r != self && r->state != 2 && var_late(x->vars, r, 0))
		return resolve_late(x, s, off, r, v);
	if (r && r != self && (r->def.s || r->state == 2)) {
		if (var_value(x, s, off, r) < 0)
			return -1;
		if (x->env)
			for (i = 0; i < r->env.n; i++)
				strset_add(x->env, r->env.v[i]);
		v->s = r->value;
		return 0;
	}
	if (r && r == self)
		return lstr_error(s, off, "var '%s' refers to itself", name);
	return unknown_var(x, s, off, name);
}

/* resolve the reference name (NUL-terminated) written at offset off */
static int resolve_ref(struct xctx *x, const struct lstr *s, long off, const char *name, struct xval *v,
                       struct var *self)
{
	size_t i;

	if (strncmp(name, "env.", 4) == 0)
		return resolve_env(x, s, off, name + 4, v);
	if (is_inout(name))
		return resolve_inout(x, s, off, name, v);
	if (strcmp(name, "item") == 0 || strncmp(name, "item.", 5) == 0) {
		if (x->defer && x->has_item) {
			v->verbatim = 1;
			return 0;
		}
		if (x->item || x->itemname) {
			v->literal = 1;
			return resolve_item(x, s, off, name[4] ? name + 5 : "", v);
		}
	}
	for (i = 0; i < x->nparams; i++) {
		if (strcmp(x->pnames[i], name) == 0) {
			if (x->defer) {
				v->verbatim = 1;
				return 0;
			}
			v->s = x->pvals[i];
			v->literal = 1;
			return 0;
		}
	}
	if (x->vars)
		return resolve_var(x, s, off, name, v, self);
	return lstr_error(s, off, "unknown var '%s'", name);
}

/* a reference, with the raw form: ${raw:NAME} is NAME, never shell-quoted */
static int resolve(struct xctx *x, const struct lstr *s, long off, const char *name, struct xval *v, struct var *self)
{
	int raw = strncmp(name, RAW_PREFIX, strlen(RAW_PREFIX)) == 0;

	memset(v, 0, sizeof(*v));
	if (resolve_ref(x, s, off, raw ? name + strlen(RAW_PREFIX) : name, v, self) < 0)
		return -1;
	if (raw)
		v->noquote = 1;
	return 0;
}

static void put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '$')
			buf_putc(b, '$');
		buf_putc(b, *s);
	}
}

/* one segment of a string: literal text [p, p+n), or a reference */
static int next_ref(const struct lstr *s, const char *text, size_t *i, size_t *start, size_t *end)
{
	size_t k = *i;

	for (; text[k]; k++) {
		if (text[k] != '$')
			continue;
		if (text[k + 1] == '$') {
			k++;
			continue;
		}
		if (text[k + 1] == '{') {
			const char *close = strchr(text + k + 2, '}');

			if (!close)
				return lstr_error(s, (long)k, "unterminated '${'");
			*start = k;
			*end = (size_t)(close - text) + 1;
			*i = k;
			return 1;
		}
	}
	*i = k;
	return 0;
}

/* append literal text (with $$ and lone $ resolved, or kept with defer) */
static void put_literal(struct xctx *x, struct buf *b, const char *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (p[k] == '$') {
			if (k + 1 < n && p[k + 1] == '$')
				k++;
			buf_putc(b, '$');
			if (x->defer)
				buf_putc(b, '$');
			continue;
		}
		buf_putc(b, p[k]);
	}
}

/* s with the glob characters (and backslash) escaped by a backslash */
static void put_glob_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr(GLOB_SPECIAL, *s))
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/* one value (a scalar, or one element of a list) of reference v */
static void put_one(struct xctx *x, struct buf *b, const struct xval *v, const char *s)
{
	int quote = x->quote && !v->noquote;

	if (x->defer) {
		/* into a template: quoted now, expanded again later */
		struct buf q = BUF_INIT;

		if (quote)
			buf_putshell(&q, s);
		put_escaped(b, quote ? q.s : s);
		buf_free(&q);
		return;
	}
	if (x->quote && v->path && s[0] == '-')
		buf_puts(b, "./");
	if (x->glob && v->literal)
		put_glob_escaped(b, s);
	else if (quote)
		buf_putshell(b, s);
	else
		buf_puts(b, s);
}

static void put_value(struct xctx *x, struct buf *b, const struct xval *v)
{
	size_t i;

	if (v->raw) {
		buf_puts(b, v->s);
		return;
	}
	if (!v->list) {
		put_one(x, b, v, v->s);
		return;
	}
	for (i = 0; i < v->n; i++) {
		if (i)
			buf_putc(b, ' ');
		put_one(x, b, v, v->list[i]);
	}
}

static int expand_into(struct xctx *x, const struct lstr *s, const char *text, struct buf *out, struct var *self)
{
	size_t i = 0, lit = 0, start, end;
	int r;

	while ((r = next_ref(s, text, &i, &start, &end)) > 0) {
		char *name = xstrndup(text + start + 2, end - start - 3);
		struct xval v;

		put_literal(x, out, text + lit, start - lit);
		if (resolve(x, s, (long)start, name, &v, self) < 0) {
			xval_release(&v);
			free(name);
			return -1;
		}
		if (v.verbatim)
			buf_put(out, text + start, end - start);
		else
			put_value(x, out, &v);
		xval_release(&v);
		free(name);
		i = lit = end;
	}
	if (r < 0)
		return -1;
	put_literal(x, out, text + lit, i - lit);
	if (!out->s)
		buf_puts(out, "");
	return 0;
}

int expand_string(struct xctx *x, const struct lstr *s, char **out)
{
	struct buf b = BUF_INIT;

	if (!strchr(s->s, '$')) {
		*out = xstrdup(s->s);
		return 0;
	}
	if (expand_into(x, s, s->s, &b, NULL) < 0) {
		buf_free(&b);
		*out = NULL;
		return -1;
	}
	*out = buf_take(&b);
	return 0;
}

int expand_words(struct xctx *x, const struct lstr *s, char ***v, size_t *n)
{
	struct buf *w;
	size_t nw = 1, i = 0, lit = 0, start, end, k;
	const char *text = s->s;
	int r;

	if (!strchr(text, '$') || x->defer) {
		char *one;

		if (expand_string(x, s, &one) < 0)
			return -1;
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = one;
		return 0;
	}
	w = xcalloc(1, sizeof(*w));
	while ((r = next_ref(s, text, &i, &start, &end)) > 0) {
		char *name = xstrndup(text + start + 2, end - start - 3);
		struct xval val;

		for (k = 0; k < nw; k++)
			put_literal(x, &w[k], text + lit, start - lit);
		if (resolve(x, s, (long)start, name, &val, NULL) < 0) {
			xval_release(&val);
			free(name);
			goto fail;
		}
		free(name);
		if (!val.list) {
			for (k = 0; k < nw; k++)
				put_value(x, &w[k], &val);
		} else {
			/* every combination of the words so far with the list */
			struct buf *nwv;
			size_t m, c = 0;

			if (val.n && nw > EXPAND_MAX_WORDS / val.n) {
				lstr_error(s, (long)start, "expands to more than %d words (every combination of its lists)",
				           EXPAND_MAX_WORDS);
				xval_release(&val);
				goto fail;
			}
			nwv = xcalloc(nw * val.n + 1, sizeof(*nwv));

			for (k = 0; k < nw; k++) {
				for (m = 0; m < val.n; m++, c++) {
					buf_put(&nwv[c], w[k].s ? w[k].s : "", w[k].len);
					put_one(x, &nwv[c], &val, val.list[m]);
				}
				buf_free(&w[k]);
			}
			free(w);
			w = nwv;
			nw = c;
		}
		xval_release(&val);
		i = lit = end;
	}
	if (r < 0)
		goto fail;
	/* room for every word at once: one realloc per word is quadratic */
	*v = xreallocarray(*v, *n + nw + 1, sizeof(**v));
	for (k = 0; k < nw; k++) {
		put_literal(x, &w[k], text + lit, i - lit);
		(*v)[(*n)++] = buf_take(&w[k]);
	}
	free(w);
	return 0;
fail:
	for (k = 0; k < nw; k++)
		buf_free(&w[k]);
	free(w);
	return -1;
}

int unescape_literal(char *p)
{
	char *r, *w;

	for (r = p; *r; r++) {
		if (*r == '\\' && r[1])
			r++;
		else if (strchr("*?[", *r))
			return 0;
	}
	for (r = w = p; *r; r++) {
		if (*r == '\\' && r[1])
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return 1;
}
