/* snapimage.h: the graph part of the snapshot as a flat image, read in
 * place from the mapped file (format at the top of snapimage.c; the
 * snapshot around it in snapshot.c). */
#ifndef MENACE_SNAPIMAGE_H
#define MENACE_SNAPIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct graph;

#include "base/hash.h"

/* where a snapshot (or the stat cache's copy) is written: a temporary file
 * beside its path, the bytes written to it, and the running XXH3-128 of
 * what went through snapsink_put (an XXH3_state_t) */
struct snapsink {
	FILE *f;
	void *sum;
	uint64_t off;
	char *tmp;
};

/* start writing path: head bytes of header left for snapsink_commit; 0, or -1
 * after a warning */
int snapsink_open(struct snapsink *s, const char *path, size_t head);
void snapsink_put(struct snapsink *s, const void *p, size_t n);
/* the checksum of everything put */
struct hash snapsink_sum(struct snapsink *s);
/* write the header (head bytes at h), close, and rename over path; 0, or
 * -1 after a warning; either way the sink is done */
int snapsink_commit(struct snapsink *s, const char *path, const void *h, size_t head);
/* write g's image to s (at an 8-byte aligned offset) as it is made, so
 * only its strings and ids are held in memory meanwhile; the offset of its
 * table of contents, which comes last */
uint64_t snapimage_put(struct snapsink *s, struct graph *g);
/* fill g (its files already read) from the image at base + off, which
 * ends at base + size: nodes, edges and rules in bulk arrays (g->flat),
 * their strings and name indexes used in place, so base must stay mapped
 * until graph_free; 0, or -1 when it is not exactly one well-formed graph
 * (g is then fit only for graph_free) */
int snapimage_read(struct graph *g, const char *base, size_t size, size_t off);

#endif
