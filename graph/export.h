/* export.h: the graph as text, Graphviz DOT, JSON or Mermaid. Rules
 * instances are the nodes; an arrow goes from an instance to each instance
 * that reads one of its outputs or needs it. */
#ifndef MENACE_EXPORT_H
#define MENACE_EXPORT_H

#include <stdio.h>

#include "graph/graph.h"

enum export_format {
	EXPORT_TEXT,     /* one line per instance: "name: dep dep..." */
	EXPORT_DOT,
	EXPORT_JSON,
	EXPORT_MERMAID,
};

/* write the part of g that targets need (transitively through inputs'
 * producers and needs; ntargets 0: the whole graph) to f in format fmt.
 * stale, when not NULL, is indexed by edge id: nonzero marks the instance
 * stale. 0, or -1 after a write error */
int graph_export(FILE *f, struct graph *g, enum export_format fmt, struct edge **targets,
                 size_t ntargets, const unsigned char *stale);

#endif
