/* yfile.h: one YAML file of the manifest (the manifest or an include),
 * read with libyaml's event API into a compact document of our own (an
 * array of 32-byte nodes, an array of child indices and one block of
 * scalar bytes: no per-node allocation, no tags), so that every value
 * keeps its line and column, and the helpers that read its nodes and
 * report errors at their place. Every call into libyaml is in yfile.c.
 * Internal to graph/: the loader (load.c) and the rule reader
 * (ruleread.c). */
#ifndef MENACE_YFILE_H
#define MENACE_YFILE_H

#include <stddef.h>
#include <stdint.h>

#include "graph/expand.h"

enum ykind { YNODE_SCALAR = 1, YNODE_SEQ, YNODE_MAP };

/* a node of a file's document; an alias is the node it names */
struct ynode {
	unsigned char kind;       /* enum ykind */
	unsigned char plain;      /* a scalar written without quotes */
	uint32_t line, col;       /* where it starts, from 0 */
	uint32_t start, end;      /* its source text: byte offsets in the file */
	uint32_t n;               /* a scalar's length, a list's items, a map's pairs */
	union {
		const char *s;    /* a scalar's value, NUL-terminated */
		size_t first;     /* a list or map: its first child in yfile.kids */
	} u;
};

struct yfile {
	const char *path;         /* owned by the graph (graph.files) */
	char *buf;                /* the bytes read */
	size_t len;
	struct ynode *nodes;      /* the document, its root first */
	size_t nnodes;
	uint32_t *kids;           /* children: a list's items, a map's key, value, key, ... */
	size_t nkids;
	char *strs;               /* every scalar's value, NUL-terminated */
	size_t nstrs;
	struct yfile *parent;     /* the file that included it */
	int active;               /* being read: an include of it is a cycle */
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* a file to read at path (kept, not copied), included by parent (NULL: the manifest) */
struct yfile *yfile_new(const char *path, struct yfile *parent);
/* free f, its bytes and its document (not its path) */
void yfile_free(struct yfile *f);
/* read and parse f: a single document whose root is a map, every map of
 * it with string keys, each once; from is the include naming f (NULL: the
 * manifest). 0, or -1 after an error */
int yfile_parse(struct yfile *f, const struct lstr *from);
/* free f's tree (nodes and kids), once read: the strings its lstrs
 * point to (the bytes read and the values) stay */
void yfile_drop_tree(struct yfile *f);
/* the root map of a parsed f */
struct ynode *yfile_root(struct yfile *f);

/* item i of the list n of f */
static inline struct ynode *yseq_item(const struct yfile *f, const struct ynode *n, size_t i)
{
	return &f->nodes[f->kids[n->u.first + i]];
}
/* the key of pair i of the map n of f */
static inline struct ynode *ymap_key(const struct yfile *f, const struct ynode *n, size_t i)
{
	return &f->nodes[f->kids[n->u.first + 2 * i]];
}
/* the value of pair i of the map n of f */
static inline struct ynode *ymap_value(const struct yfile *f, const struct ynode *n, size_t i)
{
	return &f->nodes[f->kids[n->u.first + 2 * i + 1]];
}

/* report "path:line:col: fmt" at n (NULL: 1:1); returns -1 */
int yfile_error(struct yfile *f, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* report "unknown key 'K' where", with the closest of names when one is near */
void yfile_unknown_key(struct yfile *f, const struct ynode *k, const char *where, const char *const *names,
                       size_t n);
/* the scalar n as a string with its place and source text */
struct lstr yfile_lstr(struct yfile *f, const struct ynode *n);
/* 0 when n is a scalar, else -1 after "what must be a string, not ..." */
int yfile_want_scalar(struct yfile *f, const struct ynode *n, const char *what);
/* a string or a list of strings into a malloc'd *v (a plain empty scalar:
 * none); 0, or -1 after "what must be a list of strings, ..." */
int yfile_str_list(struct yfile *f, const struct ynode *n, const char *what, struct lstr **v, size_t *nv);

/* "a map", "a list" or "a string", for an error */
const char *ynode_kind(const struct ynode *n);
/* an unquoted scalar */
int ynode_plain(const struct ynode *n);
/* a plain empty scalar ("key:" with nothing after it), "~" or "null" */
int ynode_null(const struct ynode *n);

/* the index of key in names, or -1 */
int key_index(const char *key, const char *const *names, size_t n);

#endif
