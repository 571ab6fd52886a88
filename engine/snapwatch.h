/* snapwatch.h: the directories the graph snapshot records, so that a
 * change to the workspace's tree invalidates it (the rules are in the
 * format comment at the top of snapshot.c). Internal to the snapshot. */
#ifndef MENACE_SNAPWATCH_H
#define MENACE_SNAPWATCH_H

#include <stdint.h>

/* called with each recorded path (a directory, or a symlink) */
typedef void snapwatch_put_fn(void *ctx, const char *path, int64_t mtime_ns, int64_t ino);

/* record the directories of the workspace, of the nreads directories of
 * reads: (outside it) and what their symlinks lead to (dd: the data
 * directory as a canonical workspace path, or NULL when it is outside; the
 * cache below statedir is never walked) by put(ctx, ...); -1 when too many
 * directories lie behind symlinks */
int snapwatch_walk(const char *statedir, const char *dd, const char *const *reads, size_t nreads,
                   snapwatch_put_fn *put, void *ctx);
/* is a recorded path as it was in a snapshot written at written (wall
 * clock, ns)? 1 yes, 0 no */
int snapwatch_holds(const char *path, int64_t mtime_ns, int64_t ino, int64_t written);

#endif
