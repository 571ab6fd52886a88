/* key.h: a rule's key, the XXH3-128 of a canonical byte serialization of
 * everything that went into it (format in key.c and docs/build.md,
 * "The key"). The serialization is text, one field per line, so the
 * stored copy of the last run's can be compared with a new one (explain). */
#ifndef MENACE_KEY_H
#define MENACE_KEY_H

#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"

#define KEY_FORMAT 1

/* start a serialization: the format version line */
void key_begin(struct buf *b);
/* the action: an expanded command, or a built-in action with canonical with: */
void key_run(struct buf *b, const char *command);
void key_use(struct buf *b, const char *action, const char *with);
/* the tools a built-in action runs, resolved (graph/action.h, tools) */
void key_tool(struct buf *b, const char *action, const char *tools);
/* a tracked environment variable; value NULL when unset */
void key_env(struct buf *b, const char *name, const char *value);
/* an input path with its content hash (callers add them sorted by path) */
void key_in(struct buf *b, const char *path, struct hash h);
/* an output of a needed instance (sorted by instance, then path) */
void key_need(struct buf *b, const char *instance, const char *path, struct hash h);
/* a depfile input of the last run (sorted); missing: the file is absent */
void key_dep(struct buf *b, const char *path, struct hash h, int missing);
struct hash key_hash(const char *ser, size_t len);

/* append to why one line per difference between the serializations old and
 * new ("input 'a.c' changed (OLD -> NEW)", "command changed", ...), at most
 * max lines (0: all); the number of lines written */
int key_diff(const char *old, size_t oldlen, const char *new, size_t newlen,
             struct buf *why, int max);

#endif
