/* snapshot.c: the graph snapshot, STATEDIR/graph.snapshot, format 6: the
 * header and the checks of its validity; the graph itself is a flat image
 * used in place (snapimage.c), the directory walk is in snapwatch.c.
 *
 * A snapshot is valid when everything the loader read is unchanged:
 *   - the bytes of every YAML file it read (graph->files), by XXH3-128;
 *   - the manifest's name, the -D defines, the whole environment (${env.X} may name any
 *     variable; but _, SHLVL and OLDPWD, which the shell changes on every
 *     command), and the menace executable (size, mtime): hashed together
 *     into the header's key;
 *   - every directory of the workspace (globs may list any of them), by
 *     (mtime_ns, inode): adding, removing or renaming an entry changes its
 *     directory's mtime. .git is not recorded. The data directory's own
 *     entries are recorded as a hash of their sorted names, leaving out
 *     menace.db*, graph.snapshot* and the local cache (cache/, not walked
 *     either), which change on every build. A
 *     directory whose mtime is within FILECACHE_RACY_NS of the time the
 *     snapshot was written invalidates it (a change in the same tick would
 *     not show);
 *   - what every symlink met leads to (a glob lists a directory through a
 *     link; only ** does not descend into one): a link to a directory by
 *     its own path with the (mtime_ns, inode) it resolves to, and the
 *     directories below the target like those of the workspace, each
 *     directory walked once by (dev, inode) so link cycles end; a link to
 *     anything else by what it resolves to, inode LINK_NODIR and in place
 *     of the mtime LINK_FILE (a regular file) or LINK_OTHER (anything else
 *     or nothing). Past LINKED_DIRS_MAX directories behind links, no
 *     snapshot is written (the walk is in snapwatch.c).
 *
 * Layout, native byte order (checked by the header's 0x01020304); the file
 * is mapped read-only:
 *   struct head: "menace-graph\0\0\0\0" u32 version u32 0x01020304
 *     u64 size (the file's), hash sum (XXH3-128 of every byte after the
 *     header), hash key
 *   i64 written_ns                                    when it was written
 *   u32 n, then n x (str path, hash content)          YAML files
 *   u32 n, then n x (str path, i64 mtime_ns, i64 ino) directories and links
 *   str statedir, hash names                           data directory entries
 *   zero bytes up to the image, 8-byte aligned
 *   the graph image (snapimage.c)
 *   struct tail: u64 image, u64 toc                    their offsets
 * where str is u32 length + bytes, length ~0 for NULL, and hash is 16 bytes.
 * The key is compared first (a changed environment costs no checksum), then
 * the size and the checksum, so a truncated, damaged or foreign file is never
 * read further; every offset and id inside is bounds-checked as well.
 * A snapshot that fails any check is ignored (the manifest is loaded). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "engine/filecache.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/htab.h"
#include "graph/load.h"
#include "base/path.h"
#include "engine/snapimage.h"
#include "engine/snapshot.h"
#include "engine/snapwatch.h"
#include "base/util.h"

#define SNAP_VERSION 6
#define SNAP_MAGIC "menace-graph\0\0\0"
#define NONE 0xffffffffu

extern char **environ;

/* --- writing --- */

static void put_u32(struct buf *b, uint32_t v)
{
	buf_put(b, &v, sizeof(v));
}

static void put_i64(struct buf *b, int64_t v)
{
	buf_put(b, &v, sizeof(v));
}

static void put_hash(struct buf *b, struct hash h)
{
	buf_put(b, &h, sizeof(h));
}

static void put_str(struct buf *b, const char *s)
{
	if (!s) {
		put_u32(b, NONE);
		return;
	}
	put_u32(b, (uint32_t)strlen(s));
	buf_put(b, s, strlen(s));
}

/* the key of what is not a file: version, defines, environment, executable */
static struct hash env_key(const char *manifest, char **defines, size_t ndefines, const char *exe)
{
	struct buf b = BUF_INIT;
	size_t n = 0, i;
	char **env;
	struct stat st;
	struct hash h;

	buf_printf(&b, "snapshot %d menace %s\n", SNAP_VERSION, MENACE_VERSION);
	put_str(&b, manifest);
	if (exe && stat(exe, &st) == 0)
		buf_printf(&b, "exe %lld %lld.%09ld\n", (long long)st.st_size,
		           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	for (i = 0; i < ndefines; i++) {
		put_str(&b, defines[i]);
	}
	env = xcalloc(1, sizeof(env[0]));
	for (i = 0; environ[i]; i++) {
		/* the shell's bookkeeping changes with every invocation */
		if (strncmp(environ[i], "_=", 2) == 0 || strncmp(environ[i], "SHLVL=", 6) == 0 ||
		    strncmp(environ[i], "OLDPWD=", 7) == 0)
			continue;
		env = xreallocarray(env, n + 2, sizeof(env[0]));
		env[n++] = environ[i];
	}
	qsort(env, n, sizeof(env[0]), cmp_strp);
	buf_puts(&b, "env\n");
	for (i = 0; i < n; i++)
		put_str(&b, env[i]);
	free(env);
	h = hash_bytes(b.s, b.len);
	buf_free(&b);
	return h;
}

/* the names in the data directory that builds rewrite all the time */
static int volatile_name(const char *name)
{
	return strncmp(name, "menace.db", 9) == 0 || strncmp(name, "graph.snapshot", 14) == 0 ||
	       strcmp(name, "cache") == 0;
}

static int names_hash(const char *dir, struct hash *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	struct buf b = BUF_INIT;

	if (!d) {
		*out = hash_bytes("", 0);
		return errno == ENOENT ? 0 : -1;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || volatile_name(de->d_name))
			continue;
		growarray(&v, &cap, n + 1, sizeof(v[0]));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(v[0]), cmp_strp);
	for (i = 0; i < n; i++) {
		put_str(&b, v[i]);
		free(v[i]);
	}
	free(v);
	*out = hash_bytes(b.s ? b.s : "", b.len);
	buf_free(&b);
	return 0;
}

/* the directories section, counted while it is written */
struct dirs {
	struct buf b;
	uint32_t n;
};

static void put_dir(void *ctx, const char *path, int64_t mtime, int64_t ino)
{
	struct dirs *d = ctx;

	put_str(&d->b, path);
	put_i64(&d->b, mtime);
	put_i64(&d->b, ino);
	d->n++;
}

/* append the directories snapwatch_walk records, after their count; -1
 * when too many directories lie behind symlinks */
static int watch_dirs(struct buf *b, const char *statedir, const char *dd, const struct graph *g)
{
	struct dirs d = {BUF_INIT, 0};
	int rc = snapwatch_walk(statedir, dd, (const char *const *)g->reads, g->nreads, put_dir, &d);

	put_u32(b, d.n);
	buf_put(b, d.b.s ? d.b.s : "", d.b.len);
	buf_free(&d.b);
	return rc;
}

/* the YAML files the loader read, by content hash; -1 when one cannot be read */
static int put_files(struct buf *b, struct graph *g)
{
	size_t i;

	put_u32(b, (uint32_t)g->nfiles);
	for (i = 0; i < g->nfiles; i++) {
		size_t len;
		char *text = read_regular_file(g->files[i], MANIFEST_MAX_BYTES, &len);

		if (!text)
			return -1;
		put_str(b, g->files[i]);
		put_hash(b, hash_bytes(text, len));
		free(text);
	}
	return 0;
}

static char *snapshot_path(const char *statedir)
{
	return path_join(statedir, "graph.snapshot");
}

/* statedir as a canonical workspace path, or NULL when outside */
static char *inside(const char *statedir)
{
	char *d = path_clean_dup(statedir);

	if (path_escapes(d) || strcmp(d, ".") == 0) {
		free(d);
		return NULL;
	}
	return d;
}

/* the fixed start of the file */
struct head {
	char magic[16];
	uint32_t version, order;   /* SNAP_VERSION, 0x01020304 */
	uint64_t size;             /* the file's length */
	struct hash sum;           /* XXH3-128 of every byte after the header */
	struct hash key;           /* env_key */
};

/* the fixed end of the file */
struct tail {
	uint64_t image;            /* offset of the graph image (snapimage.c) */
	uint64_t toc;              /* offset of its table of contents */
};

/* the checks (b), then the image as it is made, to a temporary file
 * renamed over path: no copy of the whole file is ever held in memory */
static int write_snapshot(const char *path, struct head *h, const struct buf *b, struct graph *g)
{
	struct snapsink s;
	struct tail t;

	if (snapsink_open(&s, path, sizeof(*h)) < 0)
		return -1;
	snapsink_put(&s, b->s, b->len);
	t.image = s.off;
	t.toc = snapimage_put(&s, g);
	snapsink_put(&s, &t, sizeof(t));
	h->sum = snapsink_sum(&s);
	h->size = s.off;
	return snapsink_commit(&s, path, h, sizeof(*h));
}

int snapshot_save(struct graph *g, const char *manifest, char **defines, size_t ndefines,
                  const char *statedir, const char *exe)
{
	struct buf b = BUF_INIT;
	char *path = snapshot_path(statedir), *dd = inside(statedir);
	struct head h;
	struct hash nh;
	int ret = -1;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 16);
	h.version = SNAP_VERSION;
	h.order = 0x01020304;
	h.key = env_key(manifest, defines, ndefines, exe);
	put_i64(&b, wall_ns());
	if (put_files(&b, g) < 0)
		goto out;
	if (watch_dirs(&b, statedir, dd, g) < 0) {
		/* a stale snapshot must not outlive the one that was not written */
		unlink(path);
		goto out;
	}
	put_str(&b, dd ? dd : "");
	names_hash(dd ? dd : "/nonexistent/", &nh);
	put_hash(&b, nh);
	while ((sizeof(h) + b.len) % 8)
		buf_putc(&b, 0);
	if (mkdir_p(statedir) < 0) {
		warn("cannot create the directory '%s':", statedir);
		goto out;
	}
	ret = write_snapshot(path, &h, &b, g);
out:
	buf_free(&b);
	free(path);
	free(dd);
	return ret;
}

/* --- reading: the file is mapped, its checksum verified, the checks
 * read through a bounds-checked cursor, and the graph image used in place */

struct rd {
	const char *p, *end;
	int bad;
};

static int take(struct rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static uint32_t get_u32(struct rd *r)
{
	uint32_t v;

	take(r, &v, sizeof(v));
	return v;
}

static int64_t get_i64(struct rd *r)
{
	int64_t v;

	take(r, &v, sizeof(v));
	return v;
}

static struct hash get_hash(struct rd *r)
{
	struct hash h;

	take(r, &h, sizeof(h));
	return h;
}

/* a string's bytes (not NUL-terminated) and length; NULL for none */
static const char *get_raw(struct rd *r, uint32_t *len)
{
	const char *s;

	*len = get_u32(r);
	if (r->bad || *len == NONE)
		return NULL;
	if ((size_t)(r->end - r->p) < *len) {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += *len;
	return s;
}

static char *get_str(struct rd *r)
{
	uint32_t len;
	const char *s = get_raw(r, &len);

	return s ? xstrndup(s, len) : NULL;
}

/* the header and the checks; 0 when the snapshot still describes the workspace */
static int still_valid(struct rd *r, const char *statedir, struct graph *g)
{
	uint32_t n, i, len;
	int64_t written = get_i64(r);
	struct hash key, h;
	char *dd;

	n = get_u32(r);
	for (i = 0; i < n && !r->bad; i++) {
		char *path = get_str(r);
		size_t flen;
		char *text;

		h = get_hash(r);
		/* as the loader reads it: a FIFO put in its place must not block */
		text = path ? read_regular_file(path, MANIFEST_MAX_BYTES, &flen) : NULL;
		if (!text) {
			free(path);
			return -1;
		}
		g->files = xreallocarray(g->files, g->nfiles + 1, sizeof(g->files[0]));
		g->files[g->nfiles++] = path;
		key = hash_bytes(text, flen);
		free(text);
		if (!hash_eq(key, h))
			return -1;
	}
	n = get_u32(r);
	for (i = 0; i < n && !r->bad; i++) {
		const char *raw = get_raw(r, &len);
		int64_t mt, ino;
		char path[4096];

		/* copied: the mapping's string is not NUL-terminated */
		if (!raw || len >= sizeof(path))
			return -1;
		memcpy(path, raw, len);
		path[len] = '\0';
		mt = get_i64(r);
		ino = get_i64(r);
		if (r->bad || !snapwatch_holds(path, mt, ino, written))
			return -1;
	}
	dd = get_str(r);
	h = get_hash(r);
	if (r->bad || !dd) {
		free(dd);
		return -1;
	}
	{
		char *now = inside(statedir);
		int same = strcmp(dd, now ? now : "") == 0;

		free(now);
		if (!same || names_hash(*dd ? dd : "/nonexistent/", &key) < 0 || !hash_eq(key, h)) {
			free(dd);
			return -1;
		}
	}
	free(dd);
	/* then only the padding to the image */
	while (!r->bad && r->p < r->end)
		if (*r->p++ != 0)
			r->bad = 1;
	return r->bad ? -1 : 0;
}

/* the mapped file */
struct map {
	void *base;
	size_t size;
};

static void unmap(void *ctx)
{
	struct map *m = ctx;

	munmap(m->base, m->size);
	free(m);
}

/* 1 when the bytes after the header have the header's checksum (read
 * without making the file resident: the graph touches again only what it
 * uses) */
static int sum_ok(const char *base, size_t size, const struct head *h)
{
	return hash_eq(hash_mapped(base + sizeof(*h), size - sizeof(*h)), h->sum);
}

static struct graph *snapshot_read(const char *manifest, char **defines, size_t ndefines,
                                   const char *statedir, const char *exe)
{
	char *path = snapshot_path(statedir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct map *m;
	struct head h;
	struct tail t;
	struct rd r;
	struct graph *g;

	free(path);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(h)) {
		close(fd);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->size = (size_t)st.st_size;
	m->base = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->base == MAP_FAILED) {
		free(m);
		return NULL;
	}
	memcpy(&h, m->base, sizeof(h));
	/* the key first: a changed environment costs no checksum */
	if (m->size < sizeof(h) + sizeof(t) || memcmp(h.magic, SNAP_MAGIC, 16) != 0 ||
	    h.version != SNAP_VERSION || h.order != 0x01020304 || h.size != m->size ||
	    !hash_eq(h.key, env_key(manifest, defines, ndefines, exe)) || !sum_ok(m->base, m->size, &h)) {
		unmap(m);
		return NULL;
	}
	memcpy(&t, (const char *)m->base + m->size - sizeof(t), sizeof(t));
	if (t.image < sizeof(h) || t.image > m->size - sizeof(t) || t.toc > m->size - sizeof(t)) {
		unmap(m);
		return NULL;
	}
	r.p = (const char *)m->base + sizeof(h);
	r.end = (const char *)m->base + t.image;
	r.bad = 0;
	g = graph_new();
	if (still_valid(&r, statedir, g) < 0 || snapimage_read(g, m->base, m->size - sizeof(t), t.toc) < 0) {
		graph_free(g);
		unmap(m);
		return NULL;
	}
	g->flat->release = unmap;
	g->flat->ctx = m;
	memcpy(g->flat->id, &h.sum, sizeof(g->flat->id));
	return g;
}

struct graph *snapshot_load(const char *manifest, const struct load_opts *o, const char *statedir,
                            const char *exe, int write, int *used)
{
	struct graph *g = snapshot_read(manifest, o->defines, o->ndefines, statedir, exe);

	*used = g != NULL;
	if (g)
		return g;
	g = graph_load(manifest, o);
	if (g && write)
		snapshot_save(g, manifest, o->defines, o->ndefines, statedir, exe);
	return g;
}
