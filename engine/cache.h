/* cache.h: the local cache, STATEDIR/cache/: the outputs of
 * successful runs stored by content hash, an entry per key naming them, and
 * restoring them instead of running (format at the top of cache.c and in
 * docs/build.md). Outputs are copied in and out, never hardlinked, and every
 * blob's hash is verified on the way out. */
#ifndef MENACE_CACHE_H
#define MENACE_CACHE_H

#include <stddef.h>
#include <stdio.h>

#include "graph/graph.h"
#include "base/hash.h"

/* a file output of at most this many bytes is kept inside its entry, not
 * as a blob of its own (storing it creates no file) */
#define CACHE_INLINE_MAX 4096
/* the default size cap of gc (MENACE_CACHE_MAX overrides it) */
#define CACHE_DEFAULT_MAX (1024LL * 1024 * 1024)

struct cache;

/* the cache under statedir ("STATEDIR/cache"); nothing is created until a store */
struct cache *cache_open(const char *statedir);
/* commits what was stored, and frees c */
void cache_free(struct cache *c);
/* commit the entries stored so far (they are written in batches); 0, or
 * -1 after a warning */
int cache_flush(struct cache *c);
/* store the outputs out[0..n) (files or directory trees, hashes as recorded
 * after the run) under key; small files inside the entry when inline is
 * set, else each as a blob (a remote cache uploads blobs); 0, or -1 after
 * a warning (the build goes on) */
int cache_store(struct cache *c, struct hash key, struct node **out, const struct hash *hashes,
                size_t n, int inline_ok);
/* is there an entry for key whose outputs are out[0..n) and whose blobs are
 * all present? 1 yes, 0 no (nothing is verified or changed) */
int cache_lookup(struct cache *c, struct hash key, struct node **out, size_t n);
/* restore the outputs of key's entry over out[0..n); each blob's hash is
 * checked, a corrupt one removed. 0 restored, 1 not restorable (the rule
 * must run), -1 after a warning */
int cache_restore(struct cache *c, struct hash key, struct node **out, size_t n);

/* the cache's directory ("STATEDIR/cache") */
const char *cache_root(const struct cache *c);
/* a new temporary file under the cache's tmp/ for a blob being written:
 * open for writing, its path in *path (malloc'd); NULL after a warning */
FILE *cache_tmp_open(struct cache *c, char **path);
/* move the complete temporary file tmp, whose bytes hash to h, into the
 * cache as blob h (a blob already there is kept, tmp removed); 0 or -1 */
int cache_adopt_blob(struct cache *c, const char *tmp, struct hash h);

/* one line of an entry ("KIND HEX LEN:PATH"), or of a tree listing */
struct cache_line {
	char kind;            /* entries: f file, x executable, d directory tree;
	                       * F and X: a file, an executable, whose bytes are
	                       * in the entry (format 3); tree listings: f, x, l */
	struct hash h;        /* the content hash, which is the blob's name */
	const char *path;     /* not NUL-terminated */
	size_t len;
	const char *data;     /* F and X: the bytes (not NUL-terminated), else NULL */
	size_t size;
};
/* parse the line at *p, "KIND HEX LEN:PATH\n" (KIND F or X: "KIND HEX
 * LEN:PATH SIZE:BYTES\n"), of an entry or a tree listing; 0 (advancing *p),
 * 1 at the end, -1 malformed. Reads nothing at or past end */
int cache_line_next(const char **p, const char *end, struct cache_line *l);
/* the path of blob h in the cache at root ("ROOT/cas/HH/HEX", malloc'd) */
char *cache_blob_path(const char *root, struct hash h);
/* parse the text of key's entry (cache/ac/KEYHEX): 0 with its outputs in
 * *outs (malloc'd, pointing into text) and their count in *n; 1 when it is
 * of another format (a miss); -1 when it is malformed or its checksum is
 * not that of key and its body (forged, copied from another key, edited) */
int cache_entry_parse(const char *text, size_t len, struct hash key, struct cache_line **outs,
                      size_t *n);
/* write key's entry naming outs[0..n) (kind, hash, path, and the bytes of
 * F and X); 0 or -1 */
int cache_put_entry(struct cache *c, struct hash key, const struct cache_line *outs, size_t n);
/* the checksum of an entry: the hash of key's hex digits, "\n" and the
 * entry's text before its "sum" line */
struct hash cache_entry_sum(struct hash key, const char *body, size_t len);

/* garbage collection, in cachegc.c: what it did */
struct cache_gc_stats {
	long long kept, removed;            /* entries */
	long long blobs_removed;
	long long kept_bytes, removed_bytes;
};
/* prune statedir's cache: keep the keep newest entries (keep >= 0), else the
 * newest entries whose blobs fit in max_bytes; then remove every blob no
 * kept entry uses, and stale temporary files. 0, or -1 after a warning */
int cache_gc(const char *statedir, long long keep, long long max_bytes, struct cache_gc_stats *st);

#endif
