/* stale.h: the up-to-date test of one instance: its key from the current
 * inputs (key.h), compared with its last successful run, and its outputs
 * compared with the hashes recorded then (docs/build.md, "What makes a rule run"). */
#ifndef MENACE_STALE_H
#define MENACE_STALE_H

#include "base/buf.h"
#include "engine/workspace.h"

/* serialize e's key into ser (replacing its contents). pending, indexed by
 * edge id, marks instances whose outputs are about to change (a dry run);
 * 0, 1 when an input comes from a pending instance (its name, and the
 * input's path, in why), -1 after an error */
int stale_key(struct workspace *ws, struct edge *e, struct buf *ser,
              const unsigned char *pending, struct buf *why);
/* is e up to date, given its serialized key? 0 yes; 1 no, with up to max
 * reasons (0: all), one per line, appended to why; -1 after an error */
int stale_check(struct workspace *ws, struct edge *e, const struct buf *ser, struct buf *why,
                int max);
/* say that n, an input of e, is missing: "menace: FILE:LINE:COL: 'P',
 * needed by 'E', is missing and no rule makes it" (the rule's place in
 * the manifest; detail, or NULL, appended; the closest file of the graph
 * or beside P on disk as a did-you-mean), or "..., written by 'R' and
 * needed by 'E', is missing"; returns -1 */
int stale_missing(const struct graph *g, const struct edge *e, const struct node *n,
                  const char *detail);
/* append e's depfile inputs deps (sorted, unique) to ser as dep lines */
int stale_add_deps(struct workspace *ws, struct buf *ser, char **deps, size_t ndeps);
/* parse a Makefile-style depfile into sorted, unique, cleaned paths; the
 * count, or -1 when it is malformed (a rule with no ':') */
int depfile_parse(const char *text, size_t len, char ***deps);
/* append path to b escaped as depfile_parse reads it back (a space, '#'
 * and '\\' after a backslash, '$' doubled): for the actions that write
 * depfiles */
void depfile_put_path(struct buf *b, const char *path);

#endif
