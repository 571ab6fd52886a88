/* load.c: menace.yaml -> struct graph. libyaml's document API gives every
 * value its line and column; the file buffers and documents stay alive
 * until the graph is built, so every string keeps its place for errors.
 * The format is docs/manifest.md (format version 1). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/buf.h"
#include "graph/expand.h"
#include "base/fsio.h"
#include "graph/glob.h"
#include "base/htab.h"
#include "graph/action.h"
#include "graph/load.h"
#include "base/path.h"
#include "graph/ruledef.h"
#include "base/util.h"

#define FORMAT_VERSION "1"

struct yfile {
	const char *path;         /* owned by the graph (graph.files) */
	char *buf;
	size_t len;
	yaml_document_t doc;
	int have_doc;
	struct yfile *parent;     /* the file that included it */
	int active;               /* being read: an include of it is a cycle */
};

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
	struct htab *poolmap;     /* name -> struct lstr * (where defined) */
	struct lstr *poolat;
	size_t npoolat;
	struct wval **wvals;      /* with: lists to free */
	size_t nwvals;
	const struct actions *actions;   /* what a use: may name */
};

static const char *const top_keys[] = {"version", "vars", "include", "pools", "default", "rules"};
static const char *const rule_keys[] = {"run", "use", "with", "in", "out", "needs", "env", "matrix",
                                        "foreach", "depfile", "pool", "timeout", "always", "cache",
                                        "description"};
static const char *const foreach_keys[] = {"from", "key", "skip"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int node_error(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int node_error(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s:%d:%d: %s", f->path, n ? (int)n->start_mark.line + 1 : 1,
	           n ? (int)n->start_mark.column + 1 : 1, fmt);
	va_start(ap, fmt);
	vwarn(b.s, ap);
	va_end(ap);
	buf_free(&b);
	return -1;
}

static yaml_node_t *node(struct yfile *f, int i)
{
	return yaml_document_get_node(&f->doc, i);
}

static const char *kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a map";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return "a string";
}

static struct lstr sc(struct yfile *f, const yaml_node_t *n)
{
	struct lstr s;
	size_t a = n->start_mark.index, b = n->end_mark.index;

	memset(&s, 0, sizeof(s));
	s.s = (const char *)n->data.scalar.value;
	s.file = f->path;
	s.line = (int)n->start_mark.line + 1;
	s.col = (int)n->start_mark.column + 1;
	if (a < f->len && b <= f->len && b >= a) {
		s.raw = f->buf + a;
		s.rawlen = b - a;
	}
	return s;
}

static int is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* a plain empty scalar ("key:" with nothing after it) */
static int is_null(const yaml_node_t *n)
{
	return is_plain(n) && (n->data.scalar.length == 0 || strcmp((char *)n->data.scalar.value, "~") == 0 ||
	                       strcmp((char *)n->data.scalar.value, "null") == 0);
}

static int want_scalar(struct yfile *f, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SCALAR_NODE)
		return 0;
	return node_error(f, n, "%s must be a string, not %s", what, kind(n));
}

/* a string or a list of strings */
static int str_list(struct yfile *f, const yaml_node_t *n, const char *what, struct lstr **v, size_t *nv)
{
	yaml_node_item_t *it;

	*v = NULL;
	*nv = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (is_null(n))
			return 0;
		*v = xcalloc(1, sizeof(**v));
		(*v)[(*nv)++] = sc(f, n);
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return node_error(f, n, "%s must be a list of strings, not %s", what, kind(n));
	*v = xcalloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start) + 1, sizeof(**v));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(f, *it);

		if (e->type != YAML_SCALAR_NODE)
			return node_error(f, e, "%s must be a list of strings, not a list of %s", what,
			                  e->type == YAML_MAPPING_NODE ? "maps" : "lists");
		(*v)[(*nv)++] = sc(f, e);
	}
	return 0;
}

static void unknown_key(struct yfile *f, const yaml_node_t *k, const char *where, const char *const *names,
                        size_t n)
{
	const char *key = (const char *)k->data.scalar.value;
	const char *best = closest(key, names, n);

	if (best)
		node_error(f, k, "unknown key '%s' %s (did you mean '%s'?)", key, where, best);
	else
		node_error(f, k, "unknown key '%s' %s", key, where);
}

static int keyindex(const char *key, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(key, names[i]) == 0)
			return (int)i;
	return -1;
}

/* every map of the document: string keys, each once */
static int check_maps(struct yfile *f)
{
	yaml_node_t *n;

	for (n = f->doc.nodes.start; n < f->doc.nodes.top; n++) {
		yaml_node_pair_t *p, *q;
		size_t np;
		struct htab *seen = NULL;

		if (n->type != YAML_MAPPING_NODE)
			continue;
		np = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
		if (np > 16)
			seen = htab_new(np);
		for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = node(f, p->key);

			if (k->type != YAML_SCALAR_NODE) {
				if (seen)
					htab_free(seen);
				return node_error(f, k, "a key must be a string, not %s", kind(k));
			}
			if (seen) {
				void **slot = htab_put(seen, (char *)k->data.scalar.value, k->data.scalar.length);

				if (*slot) {
					yaml_node_t *o = *slot;

					node_error(f, k, "duplicate key '%s' (first at %s:%d:%d)", (char *)k->data.scalar.value,
					           f->path, (int)o->start_mark.line + 1, (int)o->start_mark.column + 1);
					htab_free(seen);
					return -1;
				}
				*slot = k;
				continue;
			}
			for (q = n->data.mapping.pairs.start; q < p; q++) {
				yaml_node_t *o = node(f, q->key);

				if (o->data.scalar.length == k->data.scalar.length &&
				    memcmp(o->data.scalar.value, k->data.scalar.value, k->data.scalar.length) == 0)
					return node_error(f, k, "duplicate key '%s' (first at %s:%d:%d)",
					                  (char *)k->data.scalar.value, f->path, (int)o->start_mark.line + 1,
					                  (int)o->start_mark.column + 1);
			}
		}
		if (seen)
			htab_free(seen);
	}
	return 0;
}

/* why a manifest file could not be read (errno of read_regular_file) */
static const char *read_failure(int e)
{
	static char big[64];

	if (e == EINVAL)
		return "not a regular file";
	if (e == EFBIG) {
		snprintf(big, sizeof(big), "larger than %zu MiB", MANIFEST_MAX_BYTES >> 20);
		return big;
	}
	return strerror(e);
}

/* lists and maps nested deeper than MANIFEST_MAX_DEPTH are refused before
 * libyaml builds the document (its time grows with the square of the
 * depth); a YAML error is left for the load to report */
static int check_depth(struct yfile *f)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, ret = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		die(EXIT_FAILED, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)f->buf, f->len);
	while (!done && yaml_parser_parse(&p, &ev)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > MANIFEST_MAX_DEPTH) {
				ret = error("%s:%d:%d: lists and maps nested deeper than %d levels", f->path,
				            (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				            MANIFEST_MAX_DEPTH);
				done = 1;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (ev.type == YAML_STREAM_END_EVENT) {
			done = 1;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ret;
}

static int parse_file(struct ldr *D, struct yfile *f, const struct lstr *from)
{
	yaml_parser_t p;
	yaml_document_t extra;
	yaml_node_t *root;
	int ok;

	f->buf = read_regular_file(f->path, MANIFEST_MAX_BYTES, &f->len);
	if (!f->buf) {
		if (from)
			return lstr_error(from, -1, "cannot read include '%s': %s", f->path, read_failure(errno));
		return error("cannot read '%s': %s", f->path, read_failure(errno));
	}
	if (check_depth(f) < 0)
		return -1;
	if (!yaml_parser_initialize(&p))
		die(EXIT_FAILED, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)f->buf, f->len);
	ok = yaml_parser_load(&p, &f->doc);
	if (ok) {
		f->have_doc = 1;
		/* a second document is a mistake, not something to ignore */
		if (yaml_document_get_root_node(&f->doc)) {
			ok = yaml_parser_load(&p, &extra);
			if (ok) {
				root = yaml_document_get_root_node(&extra);
				if (root) {
					node_error(f, root, "a second YAML document ('---') in one file");
					yaml_document_delete(&extra);
					yaml_parser_delete(&p);
					return -1;
				}
				yaml_document_delete(&extra);
			}
		}
	}
	if (!ok) {
		yaml_mark_t m = p.problem_mark;

		if (p.error == YAML_READER_ERROR) {
			/* the reader gives a byte offset, not a mark */
			size_t i;

			m.line = m.column = 0;
			m.index = p.problem_offset;
			for (i = 0; i < p.problem_offset && i < f->len; i++) {
				if (f->buf[i] == '\n') {
					m.line++;
					m.column = 0;
				} else if (((unsigned char)f->buf[i] & 0xc0) != 0x80) {
					m.column++;
				}
			}
		}
		if (p.error == YAML_MEMORY_ERROR)
			error("%s: out of memory reading YAML", f->path);
		else if (m.index < f->len && f->buf[m.index] == '\t')
			error("%s:%d:%d: a tab character (indent YAML with spaces)", f->path, (int)m.line + 1,
			      (int)m.column + 1);
		else if (p.context && (p.context_mark.line != m.line || p.context_mark.column != m.column))
			error("%s:%d:%d: %s %s that starts at %d:%d", f->path, (int)m.line + 1, (int)m.column + 1,
			      p.problem ? p.problem : "bad YAML", p.context, (int)p.context_mark.line + 1,
			      (int)p.context_mark.column + 1);
		else if (p.context)
			error("%s:%d:%d: %s %s", f->path, (int)m.line + 1, (int)m.column + 1,
			      p.problem ? p.problem : "bad YAML", p.context);
		else
			error("%s:%d:%d: %s", f->path, (int)m.line + 1, (int)m.column + 1,
			      p.problem ? p.problem : "bad YAML");
		yaml_parser_delete(&p);
		return -1;
	}
	yaml_parser_delete(&p);
	(void)D;
	root = yaml_document_get_root_node(&f->doc);
	if (!root)
		return error("%s:1:1: empty manifest (expected a map with 'version' and 'rules')", f->path);
	if (root->type != YAML_MAPPING_NODE)
		return node_error(f, root, "expected a map with 'version' and 'rules', not %s", kind(root));
	return check_maps(f);
}

static int isvarname(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

static int reserved(const char *s)
{
	return strcmp(s, "in") == 0 || strcmp(s, "out") == 0 || strcmp(s, "item") == 0 || strcmp(s, "env") == 0;
}

static int read_vars(struct ldr *D, struct yfile *f, yaml_node_t *n)
{
	yaml_node_pair_t *p;

	if (is_null(n))
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return node_error(f, n, "'vars' must be a map, not %s", kind(n));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *v = node(f, p->value);
		const char *name = (const char *)k->data.scalar.value;
		struct lstr def, at = sc(f, k);
		const struct lstr *old;

		if (!isvarname(name))
			return node_error(f, k, "bad var name '%s'", name);
		if (reserved(name))
			return node_error(f, k, "var name '%s' is reserved", name);
		if (v->type != YAML_SCALAR_NODE)
			return node_error(f, v, "var '%s' must be a string, not %s", name, kind(v));
		def = sc(f, v);
		old = vars_define(D->L.vars, name, &at, &def);
		if (old)
			return node_error(f, k, "var '%s' is defined twice (also at %s:%d:%d)", name, old->file, old->line,
			                  old->col);
	}
	return 0;
}

static int read_pools(struct ldr *D, struct yfile *f, yaml_node_t *n)
{
	yaml_node_pair_t *p;
	struct graph *g = D->L.g;

	if (is_null(n))
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return node_error(f, n, "'pools' must be a map, not %s", kind(n));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *v = node(f, p->value);
		const char *name = (const char *)k->data.scalar.value;
		size_t at = (size_t)(uintptr_t)htab_get(D->poolmap, name, strlen(name));
		struct lstr *old = at ? &D->poolat[at - 1] : NULL;
		struct pool *pl;
		char *end;
		long depth;

		if (old)
			return node_error(f, k, "pool '%s' is defined twice (also at %s:%d:%d)", name, old->file, old->line,
			                  old->col);
		if (v->type != YAML_SCALAR_NODE)
			return node_error(f, v, "pool '%s' must be a number, not %s", name, kind(v));
		errno = 0;
		depth = strtol((char *)v->data.scalar.value, &end, 10);
		if (end == (char *)v->data.scalar.value || *end || errno || depth < 1 || depth > MANIFEST_MAX_POOL)
			return node_error(f, v, "pool '%s' must be a whole number from 1 to %d, not '%s'", name,
			                  MANIFEST_MAX_POOL, (char *)v->data.scalar.value);
		pl = xcalloc(1, sizeof(*pl));
		pl->name = xstrdup(name);
		pl->depth = (int)depth;
		g->pools = xreallocarray(g->pools, g->npools + 1, sizeof(g->pools[0]));
		g->pools[g->npools++] = pl;
		D->poolat = xreallocarray(D->poolat, D->npoolat + 1, sizeof(D->poolat[0]));
		D->poolat[D->npoolat++] = sc(f, k);
		/* the table keeps the key: the pool's own copy */
		*htab_put(D->poolmap, pl->name, strlen(pl->name)) = (void *)(uintptr_t)D->npoolat;
	}
	return 0;
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

static int read_wval(struct ldr *D, struct yfile *f, yaml_node_t *v, struct wval *w, const char *key,
                     const char *rule, int inlist)
{
	memset(w, 0, sizeof(*w));
	if (v->type == YAML_SCALAR_NODE) {
		const char *s = (const char *)v->data.scalar.value;

		w->s = sc(f, v);
		if (is_plain(v) && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
			w->kind = W_BOOL;
			w->b = s[0] == 't';
		} else if (is_plain(v) && parse_number(s, &w->num) == 0) {
			w->kind = W_NUMBER;
		} else {
			w->kind = W_STRING;
		}
		return 0;
	}
	if (v->type == YAML_SEQUENCE_NODE && !inlist) {
		yaml_node_item_t *it;

		w->kind = W_LIST;
		w->list = xcalloc((size_t)(v->data.sequence.items.top - v->data.sequence.items.start) + 1,
		                  sizeof(*w->list));
		D->wvals = xreallocarray(D->wvals, D->nwvals + 1, sizeof(D->wvals[0]));
		D->wvals[D->nwvals++] = w->list;
		for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
			if (read_wval(D, f, node(f, *it), &w->list[w->n++], key, rule, 1) < 0)
				return -1;
		return 0;
	}
	return node_error(f, v, "'with: %s' of rule '%s' must be a string, a number or a list of them, not %s", key,
	                  rule, kind(v));
}

static int read_bool(struct yfile *f, yaml_node_t *v, const char *key, const char *rule, int *out)
{
	const char *s = (const char *)v->data.scalar.value;

	if (v->type == YAML_SCALAR_NODE && strcmp(s, "true") == 0)
		*out = 1;
	else if (v->type == YAML_SCALAR_NODE && strcmp(s, "false") == 0)
		*out = 0;
	else
		return node_error(f, v, "'%s' of rule '%s' must be true or false", key, rule);
	return 0;
}

static int read_foreach(struct yfile *f, yaml_node_t *v, struct ruledef *d)
{
	yaml_node_pair_t *p;
	const char *rule = d->rule->name;

	d->foreach = 1;
	if (v->type == YAML_SCALAR_NODE) {
		d->fe_from = sc(f, v);
		return 0;
	}
	if (v->type != YAML_MAPPING_NODE)
		return node_error(f, v, "'foreach' of rule '%s' must be a file name or a map, not %s", rule, kind(v));
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *x = node(f, p->value);
		const char *key = (const char *)k->data.scalar.value;
		int i = keyindex(key, foreach_keys, NELEM(foreach_keys));
		char what[64];

		if (i < 0) {
			snprintf(what, sizeof(what), "in 'foreach' of rule '%s'", rule);
			unknown_key(f, k, what, foreach_keys, NELEM(foreach_keys));
			return -1;
		}
		snprintf(what, sizeof(what), "'foreach: %s'", key);
		if (want_scalar(f, x, what) < 0)
			return -1;
		if (i == 0)
			d->fe_from = sc(f, x);
		else if (i == 1)
			d->fe_key = sc(f, x);
		else
			d->fe_skip = sc(f, x);
	}
	if (!d->fe_from.s)
		return node_error(f, v, "'foreach' of rule '%s' lacks 'from'", rule);
	if (!*d->fe_from.s)
		return node_error(f, v, "'foreach' of rule '%s' has an empty 'from'", rule);
	return 0;
}

static int read_matrix(struct yfile *f, yaml_node_t *v, struct ruledef *d)
{
	yaml_node_pair_t *p;
	const char *rule = d->rule->name;

	if (v->type != YAML_MAPPING_NODE)
		return node_error(f, v, "'matrix' of rule '%s' must be a map of lists, not %s", rule, kind(v));
	d->matrix = xcalloc((size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start) + 1,
	                    sizeof(*d->matrix));
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *x = node(f, p->value);
		const char *name = (const char *)k->data.scalar.value;
		struct mparam *m = &d->matrix[d->nmatrix++];
		size_t i;

		m->name = sc(f, k);
		if (!isvarname(name))
			return node_error(f, k, "bad matrix parameter name '%s'", name);
		if (reserved(name))
			return node_error(f, k, "matrix parameter name '%s' is reserved", name);
		if (str_list(f, x, "a matrix parameter", &m->vals, &m->n) < 0)
			return -1;
		if (m->n == 0)
			return node_error(f, x, "matrix parameter '%s' of rule '%s' has no values", name, rule);
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
static int check_use(struct ldr *D, const struct ruledef *d, const char *name)
{
	const struct actions *t = D->actions;
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

static int read_rule(struct ldr *D, struct yfile *f, yaml_node_t *k, yaml_node_t *v)
{
	const char *name = (const char *)k->data.scalar.value;
	struct loc loc = {f->path, (int)k->start_mark.line + 1, (int)k->start_mark.column + 1};
	struct rule *r;
	struct ruledef *d;
	yaml_node_pair_t *p;
	yaml_node_t *runk = NULL, *usek = NULL, *withk = NULL;

	if (bad_rule_name(name))
		return node_error(f, k, "bad rule name '%s' (no spaces, '[', ']', ',' or '$')", name);
	r = graph_add_rule(D->L.g, name, loc);
	if (!r) {
		struct rule *o = graph_find_rule(D->L.g, name);

		return node_error(f, k, "rule '%s' is defined twice (also at %s:%d:%d)", name, o->loc.file, o->loc.line,
		                  o->loc.col);
	}
	if (v->type != YAML_MAPPING_NODE)
		return node_error(f, v, "rule '%s' must be a map, not %s", name, kind(v));
	d = xcalloc(1, sizeof(*d));
	growarray(&D->defs, &D->capdefs, D->ndefs + 1, sizeof(D->defs[0]));
	D->defs[D->ndefs++] = d;
	d->rule = r;
	for (p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *kk = node(f, p->key), *x = node(f, p->value);
		const char *key = (const char *)kk->data.scalar.value;
		char what[300];
		int i = keyindex(key, rule_keys, NELEM(rule_keys));

		snprintf(what, sizeof(what), "'%s' of rule '%s'", key, name);
		switch (i) {
		case 0: /* run */
			if (want_scalar(f, x, what) < 0)
				return -1;
			d->run = sc(f, x);
			runk = kk;
			break;
		case 1: /* use */
			if (want_scalar(f, x, what) < 0)
				return -1;
			d->use = sc(f, x);
			usek = kk;
			break;
		case 2: { /* with */
			yaml_node_pair_t *q;

			withk = kk;
			if (is_null(x))
				break;
			if (x->type != YAML_MAPPING_NODE)
				return node_error(f, x, "%s must be a map, not %s", what, kind(x));
			d->with = xcalloc((size_t)(x->data.mapping.pairs.top - x->data.mapping.pairs.start) + 1,
			                  sizeof(*d->with));
			for (q = x->data.mapping.pairs.start; q < x->data.mapping.pairs.top; q++) {
				yaml_node_t *wk = node(f, q->key);
				struct wentry *w = &d->with[d->nwith++];

				w->key = sc(f, wk);
				if (read_wval(D, f, node(f, q->value), &w->val, w->key.s, name, 0) < 0)
					return -1;
			}
			break;
		}
		case 3:
			if (str_list(f, x, what, &d->in, &d->nin) < 0)
				return -1;
			break;
		case 4:
			if (str_list(f, x, what, &d->out, &d->nout) < 0)
				return -1;
			break;
		case 5:
			if (str_list(f, x, what, &d->needs, &d->nneeds) < 0)
				return -1;
			break;
		case 6:
			if (str_list(f, x, what, &d->env, &d->nenv) < 0)
				return -1;
			break;
		case 7:
			if (read_matrix(f, x, d) < 0)
				return -1;
			break;
		case 8:
			if (read_foreach(f, x, d) < 0)
				return -1;
			break;
		case 9:
			if (want_scalar(f, x, what) < 0)
				return -1;
			d->depfile = sc(f, x);
			break;
		case 10:
			if (want_scalar(f, x, what) < 0)
				return -1;
			d->pool = sc(f, x);
			break;
		case 11:
			if (x->type != YAML_SCALAR_NODE || parse_number((char *)x->data.scalar.value, &d->timeout) < 0 ||
			    d->timeout <= 0)
				return node_error(f, x, "%s must be a number of seconds above 0", what);
			if (d->timeout > MANIFEST_MAX_TIMEOUT)
				return node_error(f, x, "%s must be at most %.0f seconds, not '%s'", what,
				                  MANIFEST_MAX_TIMEOUT, (char *)x->data.scalar.value);
			break;
		case 12:
			if (read_bool(f, x, key, name, &d->always) < 0)
				return -1;
			break;
		case 13: {
			int cache;

			if (read_bool(f, x, key, name, &cache) < 0)
				return -1;
			d->nocache = !cache;
			break;
		}
		case 14:
			if (want_scalar(f, x, what) < 0)
				return -1;
			d->description = sc(f, x);
			break;
		default: {
			char where[300];

			snprintf(where, sizeof(where), "in rule '%s'", name);
			unknown_key(f, kk, where, rule_keys, NELEM(rule_keys));
			return -1;
		}
		}
	}
	if (runk && usek)
		return node_error(f, usek, "rule '%s' has both 'run' and 'use' (it needs exactly one)", name);
	if (!runk && !usek)
		return node_error(f, k, "rule '%s' has neither 'run' nor 'use'", name);
	if (withk && !usek)
		return node_error(f, withk, "'with' of rule '%s' needs 'use'", name);
	if (usek)
		return check_use(D, d, name);
	return 0;
}

static int read_rules(struct ldr *D, struct yfile *f, yaml_node_t *n)
{
	yaml_node_pair_t *p;

	if (is_null(n))
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return node_error(f, n, "'rules' must be a map of rule names to rules, not %s", kind(n));
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if (read_rule(D, f, node(f, p->key), node(f, p->value)) < 0)
			return -1;
	return 0;
}

static int load_file(struct ldr *D, const char *path, struct yfile *parent, const struct lstr *from);

static int read_includes(struct ldr *D, struct yfile *f, yaml_node_t *n)
{
	struct lstr *v;
	size_t nv, i;
	char *dir = path_dirname(f->path);
	int ret = 0;

	if (str_list(f, n, "'include'", &v, &nv) < 0) {
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

static int load_file(struct ldr *D, const char *path, struct yfile *parent, const struct lstr *from)
{
	struct graph *g = D->L.g;
	struct yfile *f, *old;
	yaml_node_t *root, *version = NULL, *rules = NULL;
	yaml_node_pair_t *p;
	char *canon = xstrdup(path);

	path_clean(canon);
	old = htab_get(D->filemap, canon, strlen(canon));
	if (old) {
		struct buf b = BUF_INIT;
		struct yfile *q;

		free(canon);
		if (!old->active)
			return lstr_error(from, -1, "'%s' is included twice", old->path);
		/* the chain from old down to the includer, then old again */
		for (q = parent; q && q != old; q = q->parent)
			;
		buf_puts(&b, old->path);
		{
			struct yfile *chain[256];
			size_t n = 0;

			for (q = parent; q && q != old && n < 256; q = q->parent)
				chain[n++] = q;
			while (n > 0) {
				buf_puts(&b, " -> ");
				buf_puts(&b, chain[--n]->path);
			}
		}
		buf_puts(&b, " -> ");
		buf_puts(&b, old->path);
		lstr_error(from, -1, "include cycle: %s", b.s);
		buf_free(&b);
		return -1;
	}
	f = xcalloc(1, sizeof(*f));
	g->files = xreallocarray(g->files, g->nfiles + 1, sizeof(g->files[0]));
	g->files[g->nfiles++] = canon;
	f->path = canon;
	f->parent = parent;
	D->files = xreallocarray(D->files, D->nfiles + 1, sizeof(D->files[0]));
	D->files[D->nfiles++] = f;
	*htab_put(D->filemap, canon, strlen(canon)) = f;
	if (parse_file(D, f, from) < 0)
		return -1;
	f->active = 1;
	root = yaml_document_get_root_node(&f->doc);
	/* the version first: a newer format's keys must not be misread */
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *v = node(f, p->value);

		if (strcmp((char *)k->data.scalar.value, "version") != 0)
			continue;
		if (v->type != YAML_SCALAR_NODE)
			return node_error(f, v, "'version' must be a number, not %s", kind(v));
		if (strcmp((char *)v->data.scalar.value, FORMAT_VERSION) != 0)
			return node_error(f, k, "unsupported version %s (this menace reads version 1)",
			                  (char *)v->data.scalar.value);
		version = v;
	}
	if (!parent && !version)
		return error("%s:1:1: missing 'version: 1' (this menace reads version 1)", f->path);
	for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *v = node(f, p->value);
		const char *key = (const char *)k->data.scalar.value;
		int r = 0;

		switch (keyindex(key, top_keys, NELEM(top_keys))) {
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
			if (D->have_deflt)
				return node_error(f, k, "'default' is set twice (first at %s:%d:%d)", D->deflt_at.file,
				                  D->deflt_at.line, D->deflt_at.col);
			D->have_deflt = 1;
			D->deflt_at = sc(f, k);
			r = str_list(f, v, "'default'", &D->deflt, &D->ndeflt);
			break;
		case 5:
			rules = v;
			r = read_rules(D, f, v);
			break;
		default:
			unknown_key(f, k, "at the top level", top_keys, NELEM(top_keys));
			return -1;
		}
		if (r < 0)
			return -1;
	}
	if (!parent && !rules)
		return node_error(f, root, "no 'rules' in the manifest");
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

static void ruledef_free(struct ruledef *d)
{
	free(d->in);
	free(d->out);
	free(d->needs);
	free(d->after);
	free(d->env);
	free(d->with);
	if (d->matrix) {
		size_t i;

		for (i = 0; i < d->nmatrix; i++)
			free(d->matrix[i].vals);
	}
	free(d->matrix);
	free(d);
}

static void ldr_release(struct ldr *D)
{
	size_t i;

	for (i = 0; i < D->nfiles; i++) {
		if (D->files[i]->have_doc)
			yaml_document_delete(&D->files[i]->doc);
		free(D->files[i]->buf);
		free(D->files[i]);
	}
	free(D->files);
	for (i = 0; i < D->ndefs; i++)
		ruledef_free(D->defs[i]);
	free(D->defs);
	for (i = 0; i < D->nwvals; i++)
		free(D->wvals[i]);
	free(D->wvals);
	free(D->deflt);
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

/* one reading of the manifest; outputs (NULL-terminated, "P" or "P/" for a
 * directory) are made matchable before any rule is instantiated. *again is
 * set when a glob matched differently once every output was known */
static struct graph *load_pass(const char *manifest, const struct load_opts *o, char **outputs,
                               char ***again)
{
	struct ldr D;
	struct graph *g = graph_new();
	size_t i;
	int ret = -1, rc;

	memset(&D, 0, sizeof(D));
	D.L.g = g;
	D.L.vars = vars_new();
	D.filemap = htab_new(8);
	D.poolmap = htab_new(8);
	D.L.root = path_dirname(manifest);
	D.L.record_globs = 1;
	g->loader = D.L.root;
	D.actions = o->actions;
	g->glob_skip = o->skip;
	g->glob_skip_ctx = o->skip_ctx;
	D.L.glob = glob_new(D.L.root);
	glob_set_skip(D.L.glob, o->skip, o->skip_ctx);
	for (i = 0; outputs && outputs[i]; i++) {
		size_t len = strlen(outputs[i]);
		int isdir = len > 1 && outputs[i][len - 1] == '/';

		if (isdir)
			outputs[i][len - 1] = '\0';
		glob_add_output(D.L.glob, outputs[i], isdir);
		if (isdir)
			outputs[i][len - 1] = '/';
	}
	for (i = 0; i < o->ndefines; i++) {
		const char *eq = strchr(o->defines[i], '=');
		char *name;

		if (!eq || eq == o->defines[i]) {
			error("'-D %s': expected NAME=VALUE", o->defines[i]);
			goto out;
		}
		name = xstrndup(o->defines[i], (size_t)(eq - o->defines[i]));
		vars_override(D.L.vars, name, eq + 1);
		free(name);
	}
	if (load_file(&D, manifest, NULL, NULL) < 0)
		goto out;
	loader_mark_late(&D.L, D.defs, D.ndefs);
	for (i = 0; i < D.ndefs; i++)
		if (ruledef_instantiate(&D.L, D.defs[i]) < 0)
			goto out;
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
