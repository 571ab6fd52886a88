/* filecache.h: content hashes of files, reused while a file's stat tuple
 * (mtime_ns, ctime_ns, size, inode) is unchanged (git's index approach).
 * The state module loads the cache from the files table in one scan and
 * writes back only the entries marked dirty. */
#ifndef MENACE_FILECACHE_H
#define MENACE_FILECACHE_H

#include <stddef.h>

#include "base/hash.h"

/* an entry whose mtime is within this of the time it was recorded is
 * "racy": a write in the same timestamp tick could leave the tuple
 * unchanged, so it is hashed again */
#define FILECACHE_RACY_NS 50000000LL

enum fentry_state {
	FE_UNCHECKED,   /* not looked at in this run */
	FE_PRESENT,     /* stat'ed (and hashed when needed) in this run */
	FE_MISSING,     /* does not exist */
};

struct fentry {
	const char *path;       /* the key; owned by the cache or borrowed (see put) */
	long long mtime_ns, ctime_ns, size, inode;
	long long recorded_ns;  /* wall clock when tuple and hash were recorded */
	struct hash hash;       /* content hash (tree hash for a directory) */
	unsigned char state;    /* enum fentry_state */
	unsigned char known;    /* the tuple and hash are valid (loaded or computed) */
	unsigned char dirty;    /* differs from the stored row: write back */
	unsigned char hashed;   /* the content was hashed in this run */
	unsigned char node;     /* made by filecache_add (a graph node's), not in the path map */
};

struct filecache;

struct filecache *filecache_new(size_t hint);
void filecache_free(struct filecache *fc);
/* the entry for path in the path map, created (unknown, unchecked) when absent; path is
 * copied unless borrow is set, in which case it must outlive the cache */
struct fentry *filecache_put(struct filecache *fc, const char *path, size_t len, int borrow);
/* a new entry for a path found elsewhere (a graph node's, kept in its
 * priv), left out of the path map; path must outlive the cache */
struct fentry *filecache_add(struct filecache *fc, const char *path);
/* bring e up to date for this run: stat once, hash when the tuple changed,
 * the entry is racy or is_dir; 0 present, 1 missing, -1 after a warning */
int filecache_check(struct filecache *fc, struct fentry *e, int is_dir);
/* the file was rewritten (by a rule) or removed: check it again */
void filecache_invalidate(struct fentry *e);
/* iterate all entries: *i starts at 0; NULL when done */
struct fentry *filecache_next(const struct filecache *fc, size_t *i);
/* the next entry marked dirty since the last write-back, each once (the
 * caller clears its flag), or NULL: a write-back costs what changed, not
 * a walk over every entry (a 100,000-rule build commits hundreds of times) */
struct fentry *filecache_next_dirty(struct filecache *fc);
/* counters for the run: files stat'ed and files hashed */
void filecache_stats(const struct filecache *fc, size_t *nstat, size_t *nhash);

/* the tree hash of a directory: its sorted relative paths, each with its
 * kind, exec bit and content hash (symlinks: their target); 0 or -1 */
int hash_tree(const char *dir, struct hash *out);
/* append the text whose hash is dir's tree hash to listing: "menace-tree
 * 1\n", then per file in sorted order "KIND HEX LEN:RELPATH\n" (KIND f, x
 * executable, l symlink with HEX of its target); 0 or -1 */
struct buf;
int tree_listing(const char *dir, struct buf *listing);

#endif
