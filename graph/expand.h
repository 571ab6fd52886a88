/* expand.h: ${...} expansion of manifest strings (docs/manifest.md), and
 * the vars they refer to. Internal to graph/: the loader and foreach
 * expansion use it. */
#ifndef MENACE_EXPAND_H
#define MENACE_EXPAND_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/strset.h"
#include "graph/lstr.h"

struct vars;

/* the vars of a manifest: defined with their (unexpanded) text, expanded
 * lazily on first use; a -D override is taken literally */
struct vars *vars_new(void);
void vars_free(struct vars *v);
/* define name (copied), written at at, as def (both copied; their strings
 * must outlive v); the place of the existing definition, or NULL when new */
const struct lstr *vars_define(struct vars *v, const char *name, const struct lstr *at, const struct lstr *def);
void vars_override(struct vars *v, const char *name, const char *value);

/* what a reference may resolve to */
struct xctx {
	struct vars *vars;         /* NULL: none */
	char **pnames, **pvals;    /* matrix parameters */
	size_t nparams;
	const cJSON *item;         /* the foreach element, or NULL */
	const char *itemname;      /* its name (${item} of an object element) */
	int defer;                 /* a template: keep ${item...}, ${in}, ${out}, params */
	int has_params;            /* with defer: the rule has a matrix (names in pnames) */
	int has_item;              /* with defer: a foreach rule */
	char **in, **out;          /* ${in} / ${out}: NULL when not available here */
	size_t nin, nout;
	int quote;                 /* run: shell-quote values (not ${raw:...}, env or
	                            * late vars); "./" before paths starting with '-' */
	int glob;                  /* in: escape glob characters in foreach and matrix
	                            * values with '\' (unescape_literal undoes it) */
	struct strset *env;        /* ${env.NAME} names used are added */
};

/* expand s as one string; 0, or -1 after an error at its place */
int expand_string(struct xctx *x, const struct lstr *s, char **out);
/* the most words one string may expand to (the product of its lists' lengths) */
#define EXPAND_MAX_WORDS 100000

/* expand s as list entries: a list value yields one entry per element (the
 * text around it repeated, several lists: every combination); appended to
 * *v; 0 or -1 */
int expand_words(struct xctx *x, const struct lstr *s, char ***v, size_t *n);
/* a path of in: as expanded: when it holds no unescaped *, ? or [, strip
 * its backslash escapes in place and return 1 (a plain path); else 0 (a
 * glob, its escapes left for fnmatch, which honours them) */
int unescape_literal(char *p);
/* a JSON scalar as text (numbers without a needless fraction), malloc'd;
 * NULL for a list or object */
char *json_scalar(const cJSON *j);

#endif
