/* statcopy.c: the stat cache's copy beside the graph snapshot,
 * STATEDIR/graph.snapshot.files. state.c reads it instead of scanning the
 * files table when it is valid for the database, and writes it when the
 * command changed the table (or did not find the copy); SQLite stays the
 * durable record. Each entry is what the files table says of a path: the
 * content hash of a file with that stat tuple, so a copy that is older than
 * the table (a crash before it was rewritten) holds entries that were true
 * and are reused only while the tuple is unchanged, as the table's are.
 *
 * Layout, native byte order:
 *   struct head     magic "menace-files", version, 0x01020304, the file's
 *                   size, XXH3-128 of every byte after the header, the
 *                   database file's inode, the number of rows, the offset
 *                   and size of the strings
 *   struct row x n  the tuple, the hash, recorded_ns, the path (an offset
 *                   into the strings) and the graph node's id when the
 *                   entry is a node's (~0 when not): a node whose path is
 *                   that string takes the row without a lookup
 *   strings         the paths, NUL-terminated
 * A copy that fails a check is ignored (the files table is read). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/util.h"
#include "engine/filecache.h"
#include "engine/snapimage.h"
#include "engine/statcopy.h"
#include "graph/graph.h"

#define COPY_MAGIC "menace-files\0\0\0"
#define COPY_VERSION 1
#define NONE 0xffffffffu

struct head {
	char magic[16];
	uint32_t version, order;
	uint64_t size;
	struct hash sum;
	uint64_t db_ino;
	uint64_t nrows, strings, nstr;
};

struct row {
	int64_t mtime, ctime, size, inode, recorded;
	struct hash hash;
	uint32_t path, node;
};

static void fill(struct fentry *e, const struct row *r)
{
	e->mtime_ns = r->mtime;
	e->ctime_ns = r->ctime;
	e->size = r->size;
	e->inode = r->inode;
	e->recorded_ns = r->recorded;
	e->hash = r->hash;
	e->known = 1;
}

/* the rows into fc; -1 at a row that is not well formed (the rows before
 * it were true entries, and stay) */
static int load_rows(const char *base, const struct head *h, struct filecache *fc, struct graph *g)
{
	const struct row *rows = (const struct row *)(base + sizeof(*h));
	const char *str = base + h->strings;
	size_t i;

	size_t page = (size_t)sysconf(_SC_PAGESIZE), done = 0;

	for (i = 0; i < h->nrows; i++) {
		struct row r;
		struct node *n = NULL;
		const char *p;
		size_t len;

		memcpy(&r, &rows[i], sizeof(r));
		if (r.path >= h->nstr)
			return -1;
		p = str + r.path;
		len = strlen(p);
		if (g && r.node < g->nnodes && g->nodes[r.node]->pathlen == len &&
		    memcmp(g->nodes[r.node]->path, p, len) == 0)
			n = g->nodes[r.node];
		else if (g)
			n = graph_find_node(g, p, len);
		if (n) {
			if (!n->priv)
				n->priv = filecache_add(fc, n->path);
			fill(n->priv, &r);
		} else {
			fill(filecache_put(fc, p, len, 0), &r);
		}
		/* the rows read are dropped from memory as the entries fill it */
		if ((i + 1) % 16384 == 0) {
			size_t to = (sizeof(*h) + (i + 1) * sizeof(r)) / page * page;

			madvise((char *)base + done, to - done, MADV_DONTNEED);
			done = to;
		}
	}
	return 0;
}

int statcopy_load(const char *path, unsigned long long db_ino, struct filecache *fc, struct graph *g)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok = 0;
	struct stat sb;
	struct head h;
	size_t size;
	char *base;

	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size < sizeof(h)) {
		close(fd);
		return 0;
	}
	size = (size_t)sb.st_size;
	base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return 0;
	memcpy(&h, base, sizeof(h));
	if (memcmp(h.magic, COPY_MAGIC, 16) == 0 && h.version == COPY_VERSION && h.order == 0x01020304 &&
	    h.size == size && h.db_ino == db_ino && h.nrows <= (size - sizeof(h)) / sizeof(struct row) &&
	    h.strings >= sizeof(h) + h.nrows * sizeof(struct row) && h.strings <= size &&
	    h.nstr == size - h.strings && (h.nstr == 0 || base[size - 1] == '\0') &&
	    hash_eq(hash_mapped(base + sizeof(h), size - sizeof(h)), h.sum))
		ok = load_rows(base, &h, fc, g) == 0;
	munmap(base, size);
	return ok;
}

/* the entries to write, in order: g's nodes' by id, then the path map's;
 * a first pass writes the rows, a second their paths */
struct writer {
	struct snapsink s;
	uint64_t nrows, nstr;
	int strings;
};

static void put_entry(struct writer *w, const struct fentry *e, uint32_t node)
{
	size_t len = strlen(e->path) + 1;
	struct row r;

	if (w->strings) {
		snapsink_put(&w->s, e->path, len);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.mtime = e->mtime_ns;
	r.ctime = e->ctime_ns;
	r.size = e->size;
	r.inode = e->inode;
	r.recorded = e->recorded_ns;
	r.hash = e->hash;
	r.path = (uint32_t)w->nstr;
	r.node = node;
	snapsink_put(&w->s, &r, sizeof(r));
	w->nrows++;
	w->nstr += len;
}

static void put_all(struct writer *w, struct filecache *fc, struct graph *g)
{
	size_t i = 0, k;
	struct fentry *e;

	for (k = 0; g && k < g->nnodes; k++) {
		e = g->nodes[k]->priv;
		if (e && e->known)
			put_entry(w, e, (uint32_t)k);
	}
	while ((e = filecache_next(fc, &i)))
		if (e->known && !e->node)
			put_entry(w, e, NONE);
}

int statcopy_save(const char *path, unsigned long long db_ino, struct filecache *fc, struct graph *g)
{
	struct writer w;
	struct head h;

	memset(&w, 0, sizeof(w));
	memset(&h, 0, sizeof(h));
	if (snapsink_open(&w.s, path, sizeof(h)) < 0)
		return -1;
	put_all(&w, fc, g);
	w.strings = 1;
	put_all(&w, fc, g);
	memcpy(h.magic, COPY_MAGIC, 16);
	h.version = COPY_VERSION;
	h.order = 0x01020304;
	h.sum = snapsink_sum(&w.s);
	h.db_ino = db_ino;
	h.nrows = w.nrows;
	h.strings = sizeof(h) + w.nrows * sizeof(struct row);
	h.nstr = w.nstr;
	h.size = h.strings + h.nstr;
	return snapsink_commit(&w.s, path, &h, sizeof(h));
}
