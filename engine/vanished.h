/* vanished.h: the files menace wrote and may remove. A vanished output is
 * one the state records for an instance the graph does not hold (a rule,
 * matrix value or foreach element that left the manifest): while it still
 * holds the bytes menace wrote, no glob matches it and no rule reads it as
 * a source, so an incremental build sees what a clean build sees; a build
 * removes it before anything runs. A path is removed only when the state
 * records it as an output, its content is still the recorded one, it is no
 * input or source of the current graph (nor a depfile input), and it does
 * not lie behind a symlink that leaves the workspace (docs/build.md). */
#ifndef MENACE_VANISHED_H
#define MENACE_VANISHED_H

#include "engine/workspace.h"

/* the glob skip test (glob_set_skip) of a workspace (ctx): 1 when path is
 * the output of an instance the graph does not hold (not yet adopted) and
 * still holds the bytes recorded for it */
int vanished_skip(void *ctx, const char *path);
/* the rule that recorded path as a vanished output (as vanished_skip
 * tests it), or NULL */
const char *vanished_owner(struct workspace *ws, const char *path);
/* 1 when an input of the graph without a producer is a vanished output
 * (the graph was read before the state: read it again with the skip) */
int vanished_read_as_source(struct workspace *ws);

/* the next line "HEX PATH\n" of recorded outputs at *p: 1 with *path
 * (malloc'd) and *h set and *p moved past it, 0 at the end or at a damaged line */
int recorded_next(const char **p, char **path, struct hash *h);
/* remove what the state records e (an instance of the graph) wrote, as
 * output_remove allows; the number of paths removed, or -1 after an error */
int remove_recorded(struct workspace *ws, const struct edge *e);

/* free what the functions above keep in ws (workspace_close calls it) */
void vanished_free(struct workspace *ws);

enum remove_result {
	RM_ERROR = -1,
	RM_ABSENT = 0,
	RM_REMOVED = 1,
	RM_CHANGED,        /* kept: it changed since menace wrote it */
	RM_SOURCE,         /* kept: the current graph reads it, or another rule writes it */
	RM_OUTSIDE,        /* kept: it lies behind a symlink that leaves the workspace */
};

/* remove path (a directory with its tree), which owner (NULL: no instance
 * of the graph) was recorded writing with content hash recorded, if that is
 * safe (above); a warning names what was kept and why */
enum remove_result output_remove(struct workspace *ws, const char *path, const struct hash *recorded,
                                 const struct edge *owner);
/* the reason of a kept path, for messages */
const char *remove_reason(enum remove_result r);

#endif
