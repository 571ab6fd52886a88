/* snapimage.h: the graph part of the snapshot as a flat image, read in
 * place from the mapped file (format at the top of snapimage.c; the
 * snapshot around it in snapshot.c). */
#ifndef MENACE_SNAPIMAGE_H
#define MENACE_SNAPIMAGE_H

#include <stddef.h>

struct buf;
struct graph;

/* append g's image to b, whose length is a multiple of 8 */
void snapimage_put(struct buf *b, struct graph *g);
/* fill g (its files already read) from the image at base + off, which
 * ends at base + size: nodes, edges and rules in bulk arrays (g->flat),
 * their strings and name indexes used in place, so base must stay mapped
 * until graph_free; 0, or -1 when it is not exactly one well-formed graph
 * (g is then fit only for graph_free) */
int snapimage_read(struct graph *g, const char *base, size_t size, size_t off);

#endif
