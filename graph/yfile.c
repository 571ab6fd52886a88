/* yfile.c: one YAML file of the manifest through libyaml's document API:
 * read, checked (depth, one document, a root map, string keys once), and
 * its nodes read with their places. The buffer and document stay alive
 * until the graph is built, so every string keeps its place for errors. */
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

int yfile_error(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
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

yaml_node_t *yfile_node(struct yfile *f, int i)
{
	return yaml_document_get_node(&f->doc, i);
}

const char *ynode_kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a map";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return "a string";
}

struct lstr yfile_lstr(struct yfile *f, const yaml_node_t *n)
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

int ynode_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

int ynode_null(const yaml_node_t *n)
{
	return ynode_plain(n) && (n->data.scalar.length == 0 || strcmp((char *)n->data.scalar.value, "~") == 0 ||
	                          strcmp((char *)n->data.scalar.value, "null") == 0);
}

int yfile_want_scalar(struct yfile *f, const yaml_node_t *n, const char *what)
{
	if (n->type == YAML_SCALAR_NODE)
		return 0;
	return yfile_error(f, n, "%s must be a string, not %s", what, ynode_kind(n));
}

int yfile_str_list(struct yfile *f, const yaml_node_t *n, const char *what, struct lstr **v, size_t *nv)
{
	yaml_node_item_t *it;

	*v = NULL;
	*nv = 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (ynode_null(n))
			return 0;
		*v = xcalloc(1, sizeof(**v));
		(*v)[(*nv)++] = yfile_lstr(f, n);
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return yfile_error(f, n, "%s must be a list of strings, not %s", what, ynode_kind(n));
	*v = xcalloc((size_t)(n->data.sequence.items.top - n->data.sequence.items.start) + 1, sizeof(**v));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yfile_node(f, *it);

		if (e->type != YAML_SCALAR_NODE)
			return yfile_error(f, e, "%s must be a list of strings, not a list of %s", what,
			                   e->type == YAML_MAPPING_NODE ? "maps" : "lists");
		(*v)[(*nv)++] = yfile_lstr(f, e);
	}
	return 0;
}

void yfile_unknown_key(struct yfile *f, const yaml_node_t *k, const char *where, const char *const *names,
                       size_t n)
{
	const char *key = (const char *)k->data.scalar.value;
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
			yaml_node_t *k = yfile_node(f, p->key);

			if (k->type != YAML_SCALAR_NODE) {
				if (seen)
					htab_free(seen);
				return yfile_error(f, k, "a key must be a string, not %s", ynode_kind(k));
			}
			if (seen) {
				void **slot = htab_put(seen, (char *)k->data.scalar.value, k->data.scalar.length);

				if (*slot) {
					yaml_node_t *o = *slot;

					yfile_error(f, k, "duplicate key '%s' (first at %s:%d:%d)", (char *)k->data.scalar.value,
					            f->path, (int)o->start_mark.line + 1, (int)o->start_mark.column + 1);
					htab_free(seen);
					return -1;
				}
				*slot = k;
				continue;
			}
			for (q = n->data.mapping.pairs.start; q < p; q++) {
				yaml_node_t *o = yfile_node(f, q->key);

				if (o->data.scalar.length == k->data.scalar.length &&
				    memcmp(o->data.scalar.value, k->data.scalar.value, k->data.scalar.length) == 0)
					return yfile_error(f, k, "duplicate key '%s' (first at %s:%d:%d)",
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

/* load f's document from p, refusing a second one: 1, 0 on a YAML error
 * (left in p), or -1 after an error */
static int load_document(struct yfile *f, yaml_parser_t *p)
{
	yaml_document_t extra;
	yaml_node_t *root;
	int second;

	if (!yaml_parser_load(p, &f->doc))
		return 0;
	f->have_doc = 1;
	/* a second document is a mistake, not something to ignore */
	if (!yaml_document_get_root_node(&f->doc))
		return 1;
	if (!yaml_parser_load(p, &extra))
		return 0;
	root = yaml_document_get_root_node(&extra);
	second = root != NULL;
	if (second)
		yfile_error(f, root, "a second YAML document ('---') in one file");
	yaml_document_delete(&extra);
	return second ? -1 : 1;
}

/* where p's error is: the reader gives a byte offset, not a mark */
static yaml_mark_t problem_mark(const struct yfile *f, const yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	size_t i;

	if (p->error != YAML_READER_ERROR)
		return m;
	m.line = m.column = 0;
	m.index = p->problem_offset;
	for (i = 0; i < p->problem_offset && i < f->len; i++) {
		if (f->buf[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)f->buf[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	return m;
}

/* report the YAML error p stopped at */
static void yaml_failure(const struct yfile *f, const yaml_parser_t *p)
{
	yaml_mark_t m = problem_mark(f, p);
	const char *problem = p->problem ? p->problem : "bad YAML";

	if (p->error == YAML_MEMORY_ERROR)
		error("%s: out of memory reading YAML", f->path);
	else if (m.index < f->len && f->buf[m.index] == '\t')
		error("%s:%d:%d: a tab character (indent YAML with spaces)", f->path, (int)m.line + 1,
		      (int)m.column + 1);
	else if (p->context && (p->context_mark.line != m.line || p->context_mark.column != m.column))
		error("%s:%d:%d: %s %s that starts at %d:%d", f->path, (int)m.line + 1, (int)m.column + 1, problem,
		      p->context, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	else if (p->context)
		error("%s:%d:%d: %s %s", f->path, (int)m.line + 1, (int)m.column + 1, problem, p->context);
	else
		error("%s:%d:%d: %s", f->path, (int)m.line + 1, (int)m.column + 1, problem);
}

int yfile_parse(struct yfile *f, const struct lstr *from)
{
	yaml_parser_t p;
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
	ok = load_document(f, &p);
	if (ok == 0)
		yaml_failure(f, &p);
	yaml_parser_delete(&p);
	if (ok <= 0)
		return -1;
	root = yaml_document_get_root_node(&f->doc);
	if (!root)
		return error("%s:1:1: empty manifest (expected a map with 'version' and 'rules')", f->path);
	if (root->type != YAML_MAPPING_NODE)
		return yfile_error(f, root, "expected a map with 'version' and 'rules', not %s", ynode_kind(root));
	return check_maps(f);
}

yaml_node_t *yfile_root(struct yfile *f)
{
	return yaml_document_get_root_node(&f->doc);
}

struct yfile *yfile_new(const char *path, struct yfile *parent)
{
	struct yfile *f = xcalloc(1, sizeof(*f));

	f->path = path;
	f->parent = parent;
	return f;
}

void yfile_free(struct yfile *f)
{
	if (f->have_doc)
		yaml_document_delete(&f->doc);
	free(f->buf);
	free(f);
}
