/* snapshot.h: a binary snapshot of the expanded graph, so a build whose
 * manifest did not change skips YAML entirely (docs/build.md, "The graph snapshot"). Stored in
 * STATEDIR/graph.snapshot; its format and validity rules are documented at
 * the top of snapshot.c and in docs/build.md. */
#ifndef MENACE_SNAPSHOT_H
#define MENACE_SNAPSHOT_H

#include <stddef.h>

#include "graph/graph.h"

struct load_opts;

/* the graph of manifest (a path in the current directory, the workspace)
 * loaded as o says: from the snapshot in statedir when it is still valid
 * for o's defines, else from graph_load, then (when write is set) saved as
 * the new snapshot; *used tells which. exe (this executable, or NULL) is
 * part of the snapshot's key: a new menace reads the manifest again. NULL
 * after the loader printed its errors */
struct graph *snapshot_load(const char *manifest, const struct load_opts *o, const char *statedir,
                            const char *exe, int write, int *used);
/* write g, loaded from manifest with defines, as statedir's snapshot (exe
 * as for snapshot_load); 0 or -1 */
int snapshot_save(struct graph *g, const char *manifest, char **defines, size_t ndefines,
                  const char *statedir, const char *exe);

#endif
