/* yfile.h: one YAML file of the manifest (the manifest or an include),
 * read with libyaml's document API so that every value keeps its line and
 * column, and the helpers that read its nodes and report errors at their
 * place. Every call into libyaml is in yfile.c. Internal to graph/: the
 * loader (load.c) and the rule reader (ruleread.c). */
#ifndef MENACE_YFILE_H
#define MENACE_YFILE_H

#include <stddef.h>

#include <yaml.h>

#include "graph/expand.h"

struct yfile {
	const char *path;         /* owned by the graph (graph.files) */
	char *buf;                /* the bytes read; strings point into it */
	size_t len;
	yaml_document_t doc;
	int have_doc;
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
/* the root map of a parsed f */
yaml_node_t *yfile_root(struct yfile *f);
/* node i of f's document */
yaml_node_t *yfile_node(struct yfile *f, int i);

/* report "path:line:col: fmt" at n (NULL: 1:1); returns -1 */
int yfile_error(struct yfile *f, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* report "unknown key 'K' where", with the closest of names when one is near */
void yfile_unknown_key(struct yfile *f, const yaml_node_t *k, const char *where, const char *const *names,
                       size_t n);
/* the scalar n as a string with its place and source text */
struct lstr yfile_lstr(struct yfile *f, const yaml_node_t *n);
/* 0 when n is a scalar, else -1 after "what must be a string, not ..." */
int yfile_want_scalar(struct yfile *f, const yaml_node_t *n, const char *what);
/* a string or a list of strings into a malloc'd *v (a plain empty scalar:
 * none); 0, or -1 after "what must be a list of strings, ..." */
int yfile_str_list(struct yfile *f, const yaml_node_t *n, const char *what, struct lstr **v, size_t *nv);

/* "a map", "a list" or "a string", for an error */
const char *ynode_kind(const yaml_node_t *n);
/* an unquoted scalar */
int ynode_plain(const yaml_node_t *n);
/* a plain empty scalar ("key:" with nothing after it), "~" or "null" */
int ynode_null(const yaml_node_t *n);

/* the index of key in names, or -1 */
int key_index(const char *key, const char *const *names, size_t n);

#endif
