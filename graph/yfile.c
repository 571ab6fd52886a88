/* yfile.c: one YAML file of the manifest through libyaml's event API:
 * read in one pass of events into a compact document (yfile.h), checked
 * (depth, one document, a root map, string keys once), and its nodes read
 * with their places. The errors are those libyaml's document loader gave
 * (undefined alias, duplicate anchor), in the same order. The buffer and
 * document stay alive until the graph is built, so every string keeps its
 * place for errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/htab.h"
#include "base/util.h"
#include "graph/load.h"
#include "graph/yfile.h"

int yfile_error(struct yfile *f, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s:%d:%d: %s", f->path, n ? (int)n->line + 1 : 1, n ? (int)n->col + 1 : 1, fmt);
	va_start(ap, fmt);
	vwarn(b.s, ap);
	va_end(ap);
	buf_free(&b);
	return -1;
}

const char *ynode_kind(const struct ynode *n)
{
	if (n->kind == YNODE_MAP)
		return "a map";
	if (n->kind == YNODE_SEQ)
		return "a list";
	return "a string";
}

struct lstr yfile_lstr(struct yfile *f, const struct ynode *n)
{
	struct lstr s;
	size_t a = n->start, b = n->end;

	memset(&s, 0, sizeof(s));
	s.s = n->u.s;
	s.file = f->path;
	s.line = (int)n->line + 1;
	s.col = (int)n->col + 1;
	if (a < f->len && b <= f->len && b >= a) {
		s.raw = f->buf + a;
		s.rawlen = b - a;
	}
	return s;
}

int ynode_plain(const struct ynode *n)
{
	return n->kind == YNODE_SCALAR && n->plain;
}

int ynode_null(const struct ynode *n)
{
	return ynode_plain(n) && (n->n == 0 || strcmp(n->u.s, "~") == 0 || strcmp(n->u.s, "null") == 0);
}

int yfile_want_scalar(struct yfile *f, const struct ynode *n, const char *what)
{
	if (n->kind == YNODE_SCALAR)
		return 0;
	return yfile_error(f, n, "%s must be a string, not %s", what, ynode_kind(n));
}

int yfile_str_list(struct yfile *f, const struct ynode *n, const char *what, struct lstr **v, size_t *nv)
{
	size_t i;

	*v = NULL;
	*nv = 0;
	if (n->kind == YNODE_SCALAR) {
		if (ynode_null(n))
			return 0;
		*v = xcalloc(1, sizeof(**v));
		(*v)[(*nv)++] = yfile_lstr(f, n);
		return 0;
	}
	if (n->kind != YNODE_SEQ)
		return yfile_error(f, n, "%s must be a list of strings, not %s", what, ynode_kind(n));
	*v = xcalloc(n->n ? (size_t)n->n : 1, sizeof(**v));
	for (i = 0; i < n->n; i++) {
		struct ynode *e = yseq_item(f, n, i);

		if (e->kind != YNODE_SCALAR) {
			free(*v);
			*v = NULL;
			*nv = 0;
			return yfile_error(f, e, "%s must be a list of strings, not a list of %s", what,
			                   e->kind == YNODE_MAP ? "maps" : "lists");
		}
		(*v)[(*nv)++] = yfile_lstr(f, e);
	}
	return 0;
}

void yfile_unknown_key(struct yfile *f, const struct ynode *k, const char *where, const char *const *names,
                       size_t n)
{
	const char *key = k->u.s;
	const char *best = closest(key, names, n);

	if (best)
		yfile_error(f, k, "unknown key '%s' %s (did you mean '%s'?)", key, where, best);
	else
		yfile_error(f, k, "unknown key '%s' %s", key, where);
}

int key_index(const char *key, const char *const *names, size_t n)
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
	size_t i, j, m;

	for (i = 0; i < f->nnodes; i++) {
		struct ynode *n = &f->nodes[i];
		struct htab *seen = NULL;

		if (n->kind != YNODE_MAP)
			continue;
		if (n->n > 16)
			seen = htab_new(n->n);
		for (j = 0; j < n->n; j++) {
			struct ynode *k = ymap_key(f, n, j), *o = NULL;

			if (k->kind != YNODE_SCALAR) {
				if (seen)
					htab_free(seen);
				return yfile_error(f, k, "a key must be a string, not %s", ynode_kind(k));
			}
			if (seen) {
				void **slot = htab_put(seen, k->u.s, k->n);

				o = *slot;
				*slot = k;
			}
			for (m = 0; !seen && m < j && !o; m++) {
				struct ynode *q = ymap_key(f, n, m);

				if (q->n == k->n && memcmp(q->u.s, k->u.s, k->n) == 0)
					o = q;
			}
			if (o) {
				if (seen)
					htab_free(seen);
				return yfile_error(f, k, "duplicate key '%s' (first at %s:%d:%d)", k->u.s, f->path,
				                   (int)o->line + 1, (int)o->col + 1);
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

/* a YAML error as libyaml's parser (or its document loader) reports it */
struct yerr {
	yaml_error_type_t error;
	const char *problem, *context;
	yaml_mark_t problem_mark, context_mark;
	size_t problem_offset;
};

/* the document being built from p's events */
struct ybuild {
	struct yfile *f;
	yaml_parser_t p;
	uint32_t *stack;          /* the children of the open lists and maps */
	size_t nstack, capstack;
	struct yopen {
		uint32_t node;
		size_t base;      /* its first child in stack */
	} *open;
	size_t nopen, capopen;
	struct htab *anchors;     /* anchor -> node index + 1 (this document's) */
	char **names;             /* the anchors' names, owned */
	size_t nnames, capnames;
	size_t capnodes, capkids, capstrs;
	int docs;                 /* documents started */
	int depth;
	int building;             /* the events are the first or second document's */
	long root2;               /* the second document's root, or -1 */
	struct yerr err;          /* the first error of the document loader */
	int failed;
};

static uint32_t add_node(struct ybuild *B, int kind, const yaml_event_t *ev)
{
	struct yfile *f = B->f;
	struct ynode *n;

	growarray(&f->nodes, &B->capnodes, f->nnodes + 1, sizeof(f->nodes[0]));
	n = &f->nodes[f->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = (unsigned char)kind;
	n->line = (uint32_t)ev->start_mark.line;
	n->col = (uint32_t)ev->start_mark.column;
	n->start = (uint32_t)ev->start_mark.index;
	n->end = (uint32_t)ev->end_mark.index;
	return (uint32_t)f->nnodes++;
}

/* the node i as a child of the innermost open list or map */
static void attach(struct ybuild *B, uint32_t i)
{
	if (B->nopen == 0)
		return;
	growarray(&B->stack, &B->capstack, B->nstack + 1, sizeof(B->stack[0]));
	B->stack[B->nstack++] = i;
}

static void composer_error(struct ybuild *B, const char *problem, yaml_mark_t pm, const char *context,
                           yaml_mark_t cm)
{
	memset(&B->err, 0, sizeof(B->err));
	B->err.error = YAML_COMPOSER_ERROR;
	B->err.problem = problem;
	B->err.problem_mark = pm;
	B->err.context = context;
	B->err.context_mark = cm;
	B->failed = 1;
	B->building = 0;
}

static yaml_mark_t node_mark(const struct ynode *n)
{
	yaml_mark_t m;

	m.index = n->start;
	m.line = n->line;
	m.column = n->col;
	return m;
}

/* register anchor (NULL: none) for node i; 0, or -1 on a duplicate */
static int add_anchor(struct ybuild *B, const unsigned char *anchor, uint32_t i)
{
	void **slot;
	char *name;

	if (!anchor)
		return 0;
	name = xstrdup((const char *)anchor);
	slot = htab_put(B->anchors, name, strlen(name));
	if (*slot) {
		composer_error(B, "second occurrence", node_mark(&B->f->nodes[i]),
		               "found duplicate anchor; first occurrence",
		               node_mark(&B->f->nodes[(uintptr_t)*slot - 1]));
		free(name);
		return -1;
	}
	*slot = (void *)(uintptr_t)(i + 1);
	growarray(&B->names, &B->capnames, B->nnames + 1, sizeof(B->names[0]));
	B->names[B->nnames++] = name;
	return 0;
}

static void add_scalar(struct ybuild *B, const yaml_event_t *ev)
{
	struct yfile *f = B->f;
	uint32_t i = add_node(B, YNODE_SCALAR, ev);
	size_t len = ev->data.scalar.length;

	f->nodes[i].plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	f->nodes[i].n = (uint32_t)len;
	/* an offset now, a pointer once every value is in (yfile_parse) */
	f->nodes[i].u.first = f->nstrs;
	growarray(&f->strs, &B->capstrs, f->nstrs + len + 1, 1);
	memcpy(f->strs + f->nstrs, ev->data.scalar.value, len);
	f->strs[f->nstrs + len] = '\0';
	f->nstrs += len + 1;
	if (add_anchor(B, ev->data.scalar.anchor, i) == 0)
		attach(B, i);
}

static void start_container(struct ybuild *B, const yaml_event_t *ev)
{
	int map = ev->type == YAML_MAPPING_START_EVENT;
	uint32_t i = add_node(B, map ? YNODE_MAP : YNODE_SEQ, ev);

	if (add_anchor(B, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, i) < 0)
		return;
	attach(B, i);
	growarray(&B->open, &B->capopen, B->nopen + 1, sizeof(B->open[0]));
	B->open[B->nopen].node = i;
	B->open[B->nopen++].base = B->nstack;
}

static void end_container(struct ybuild *B, const yaml_event_t *ev)
{
	struct yfile *f = B->f;
	struct yopen *o = &B->open[--B->nopen];
	struct ynode *n = &f->nodes[o->node];
	size_t k = B->nstack - o->base;

	growarray(&f->kids, &B->capkids, f->nkids + k + 1, sizeof(f->kids[0]));
	if (k)      /* an empty container: the stack may be NULL still */
		memcpy(f->kids + f->nkids, B->stack + o->base, k * sizeof(f->kids[0]));
	n->u.first = f->nkids;
	n->n = (uint32_t)(n->kind == YNODE_MAP ? k / 2 : k);
	n->end = (uint32_t)ev->end_mark.index;
	f->nkids += k;
	B->nstack = o->base;
}

static void add_alias(struct ybuild *B, const yaml_event_t *ev)
{
	const char *a = (const char *)ev->data.alias.anchor;
	void *at = htab_get(B->anchors, a, strlen(a));

	if (!at) {
		composer_error(B, "found undefined alias", ev->start_mark, NULL, ev->start_mark);
		return;
	}
	attach(B, (uint32_t)((uintptr_t)at - 1));
}

static void start_document(struct ybuild *B)
{
	size_t i;

	/* libyaml's loader reads the first document and, to refuse it, the
	 * second; anchors belong to one document */
	B->docs++;
	B->building = !B->failed && B->docs <= 2;
	for (i = 0; i < B->nnames; i++)
		free(B->names[i]);
	B->nnames = 0;
	htab_free(B->anchors);
	B->anchors = htab_new(8);
	if (B->docs == 2)
		B->root2 = (long)B->f->nnodes;
}

/* ev into the document; 0, or -1 after the nesting error */
static int add_event(struct ybuild *B, const yaml_event_t *ev)
{
	struct yfile *f = B->f;

	if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
		/* refused before anything is read (libyaml's time grows with
		 * the square of the depth) */
		if (++B->depth > MANIFEST_MAX_DEPTH)
			return error("%s:%d:%d: lists and maps nested deeper than %d levels", f->path,
			             (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, MANIFEST_MAX_DEPTH);
	} else if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) {
		B->depth--;
	}
	if (ev->type == YAML_DOCUMENT_START_EVENT) {
		start_document(B);
		return 0;
	}
	if (ev->type == YAML_DOCUMENT_END_EVENT && B->docs == 2)
		B->building = 0;
	if (!B->building)
		return 0;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		add_scalar(B, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		start_container(B, ev);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		end_container(B, ev);
		break;
	case YAML_ALIAS_EVENT:
		add_alias(B, ev);
		break;
	default:
		break;
	}
	return 0;
}

/* every event of f: 1 when the document was built, 0 after a YAML error
 * (in B->err), -1 after an error reported */
static int read_events(struct ybuild *B)
{
	yaml_event_t ev;
	int done = 0, rc = 0;

	while (!done) {
		if (!yaml_parser_parse(&B->p, &ev)) {
			/* the loader stops after the second document: an error
			 * past it is never seen */
			if (!B->failed && (B->docs < 2 || B->building)) {
				B->err.error = B->p.error;
				B->err.problem = B->p.problem;
				B->err.problem_mark = B->p.problem_mark;
				B->err.context = B->p.context;
				B->err.context_mark = B->p.context_mark;
				B->err.problem_offset = B->p.problem_offset;
				B->failed = 1;
			}
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = add_event(B, &ev);
		yaml_event_delete(&ev);
		if (rc < 0)
			return -1;
	}
	return B->failed ? 0 : 1;
}

/* where e is: the reader gives a byte offset, not a mark */
static yaml_mark_t problem_mark(const struct yfile *f, const struct yerr *e)
{
	yaml_mark_t m = e->problem_mark;
	size_t i;

	if (e->error != YAML_READER_ERROR)
		return m;
	m.line = m.column = 0;
	m.index = e->problem_offset;
	for (i = 0; i < e->problem_offset && i < f->len; i++) {
		if (f->buf[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)f->buf[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	return m;
}

/* report the YAML error e */
static void yaml_failure(const struct yfile *f, const struct yerr *e)
{
	yaml_mark_t m = problem_mark(f, e);
	const char *problem = e->problem ? e->problem : "bad YAML";

	if (e->error == YAML_MEMORY_ERROR)
		error("%s: out of memory reading YAML", f->path);
	else if (m.index < f->len && f->buf[m.index] == '\t')
		error("%s:%d:%d: a tab character (indent YAML with spaces)", f->path, (int)m.line + 1,
		      (int)m.column + 1);
	else if (e->context && (e->context_mark.line != m.line || e->context_mark.column != m.column))
		error("%s:%d:%d: %s %s that starts at %d:%d", f->path, (int)m.line + 1, (int)m.column + 1, problem,
		      e->context, (int)e->context_mark.line + 1, (int)e->context_mark.column + 1);
	else if (e->context)
		error("%s:%d:%d: %s %s", f->path, (int)m.line + 1, (int)m.column + 1, problem, e->context);
	else
		error("%s:%d:%d: %s", f->path, (int)m.line + 1, (int)m.column + 1, problem);
}

/* f's events into its document: 0, or -1 after an error */
static int build_document(struct yfile *f)
{
	struct ybuild B;
	size_t i;
	int ok;

	memset(&B, 0, sizeof(B));
	B.f = f;
	B.root2 = -1;
	B.anchors = htab_new(8);
	if (!yaml_parser_initialize(&B.p))
		die(EXIT_FAILED, "out of memory");
	yaml_parser_set_input_string(&B.p, (const unsigned char *)f->buf, f->len);
	ok = read_events(&B);
	if (ok == 0)
		yaml_failure(f, &B.err);
	yaml_parser_delete(&B.p);
	for (i = 0; i < B.nnames; i++)
		free(B.names[i]);
	free(B.names);
	htab_free(B.anchors);
	free(B.stack);
	free(B.open);
	if (ok <= 0)
		return -1;
	for (i = 0; i < f->nnodes; i++)
		if (f->nodes[i].kind == YNODE_SCALAR)
			f->nodes[i].u.s = f->strs + f->nodes[i].u.first;
	/* a second document is a mistake, not something to ignore */
	if (B.root2 >= 0 && (size_t)B.root2 < f->nnodes)
		return yfile_error(f, &f->nodes[B.root2], "a second YAML document ('---') in one file");
	return 0;
}

int yfile_parse(struct yfile *f, const struct lstr *from)
{
	struct ynode *root;

	f->buf = read_regular_file(f->path, MANIFEST_MAX_BYTES, &f->len);
	if (!f->buf) {
		if (from)
			return lstr_error(from, -1, "cannot read include '%s': %s", f->path, read_failure(errno));
		return error("cannot read '%s': %s", f->path, read_failure(errno));
	}
	if (build_document(f) < 0)
		return -1;
	root = yfile_root(f);
	if (!root)
		return error("%s:1:1: empty manifest (expected a map with 'version' and 'rules')", f->path);
	if (root->kind != YNODE_MAP)
		return yfile_error(f, root, "expected a map with 'version' and 'rules', not %s", ynode_kind(root));
	return check_maps(f);
}

struct ynode *yfile_root(struct yfile *f)
{
	return f->nnodes ? &f->nodes[0] : NULL;
}

struct yfile *yfile_new(const char *path, struct yfile *parent)
{
	struct yfile *f = xcalloc(1, sizeof(*f));

	f->path = path;
	f->parent = parent;
	return f;
}

void yfile_drop_tree(struct yfile *f)
{
	free(f->nodes);
	free(f->kids);
	f->nodes = NULL;
	f->kids = NULL;
	f->nnodes = f->nkids = 0;
}

void yfile_free(struct yfile *f)
{
	free(f->nodes);
	free(f->kids);
	free(f->strs);
	free(f->buf);
	free(f);
}
