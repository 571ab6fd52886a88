/* statcopy.h: a copy of the stat cache (the files table of menace.db) in
 * one flat file beside the graph snapshot, STATEDIR/graph.snapshot.files,
 * so a command reads it at file speed; SQLite stays the durable record
 * (format at the top of statcopy.c, docs/build.md). */
#ifndef MENACE_STATCOPY_H
#define MENACE_STATCOPY_H

struct filecache;
struct graph;

/* load the copy at path, made for the database whose inode is db_ino,
 * into fc: a graph node's entry hangs off the node (n->priv), another is
 * put in the path map; 1 loaded, 0 when there is no valid copy for that
 * database (fc then unchanged) */
int statcopy_load(const char *path, unsigned long long db_ino, struct filecache *fc, struct graph *g);
/* write fc's known entries (g's nodes' first, in id order) as the copy at
 * path for the database db_ino; 0 or -1 */
int statcopy_save(const char *path, unsigned long long db_ino, struct filecache *fc, struct graph *g);

#endif
