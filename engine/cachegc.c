/* cachegc.c: garbage collection of the local cache (cache_gc in cache.h;
 * the layout is at the top of cache.c). Damaged and foreign entries go
 * first (and the entry files of format 3), then the least recently used
 * ones past the limit, then every blob no kept entry uses, then the
 * temporary files of builds that died. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/acstore.h"
#include "engine/cache.h"
#include "base/fsio.h"
#include "base/htab.h"
#include "base/path.h"
#include "base/util.h"

/* an entry */
struct gentry {
	char *name;           /* KEYHEX */
	long long mtime_ns;   /* its last use */
	char **blobs;         /* hex names it uses */
	size_t nblobs;
	long long inline_bytes;   /* the bytes of its F and X lines */
	int keep;
};

/* one collection */
struct gc {
	char *root, *acdir, *casdir, *tmpdir;
	struct acstore *ac;   /* the entries, or NULL when there are none */
	struct gentry *v;     /* the usable entries */
	size_t n;
	char **bad;           /* the keys of entries to remove: damaged, foreign */
	size_t nbad;
	struct htab *kept;    /* the hex names of the blobs kept entries use */
	struct cache_gc_stats *st;
	int ret;
};

static int cmp_gentry(const void *a, const void *b)
{
	const struct gentry *x = a, *y = b;

	if (x->mtime_ns != y->mtime_ns)
		return x->mtime_ns > y->mtime_ns ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void gentry_add_blob(struct gentry *g, struct hash h)
{
	char hex[HASH_HEX];

	hash_hex(h, hex);
	g->blobs = xreallocarray(g->blobs, g->nblobs + 1, sizeof(g->blobs[0]));
	g->blobs[g->nblobs++] = xstrdup(hex);
}

static void gentry_release(struct gentry *g)
{
	size_t j;

	for (j = 0; j < g->nblobs; j++)
		free(g->blobs[j]);
	free(g->blobs);
	free(g->name);
}

/* the blobs key's entry uses; -1 when it is damaged, foreign or of another format */
static int gentry_scan(const char *root, struct gentry *g, struct hash key, const char *text, size_t len)
{
	struct cache_line *v;
	size_t n, i;

	if (cache_entry_parse(text, len, key, &v, &n) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].data) {
			g->inline_bytes += (long long)v[i].size;
			continue;
		}
		gentry_add_blob(g, v[i].h);
		if (v[i].kind == 'd') {
			size_t tl;
			char *bp = cache_blob_path(root, v[i].h), *list = read_file(bp, &tl);
			const char *q = list ? memchr(list, '\n', tl) : NULL, *qe = list ? list + tl : NULL;
			struct cache_line m;

			free(bp);
			if (q) {
				q++;
				while (cache_line_next(&q, qe, &m) == 0)
					gentry_add_blob(g, m.h);
			}
			free(list);
		}
	}
	free(v);
	return 0;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* call fn(gc, path, name) for each name in dir but those starting with a
 * dot; -1 (errno set) when dir cannot be opened */
static int each_name(struct gc *gc, const char *dir, void (*fn)(struct gc *, const char *, const char *))
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *path;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		fn(gc, path, de->d_name);
		free(path);
	}
	closedir(d);
	return 0;
}

/* an entry: kept in gc->v with its blobs, or to be removed when it is
 * damaged or foreign */
static void read_entry(void *ctx, const char *hex, const char *body, size_t len, long long used_ns)
{
	struct gc *gc = ctx;
	struct gentry g;
	struct hash h;

	memset(&g, 0, sizeof(g));
	g.name = xstrdup(hex);
	if (strlen(hex) != 32 || hash_parse(hex, &h) < 0 || gentry_scan(gc->root, &g, h, body, len) < 0) {
		gc->bad = xreallocarray(gc->bad, gc->nbad + 1, sizeof(gc->bad[0]));
		gc->bad[gc->nbad++] = xstrdup(hex);
		gentry_release(&g);
	} else {
		g.mtime_ns = used_ns;
		gc->v = xreallocarray(gc->v, gc->n + 1, sizeof(gc->v[0]));
		gc->v[gc->n++] = g;
	}
}

/* an entry file of format 3 (ac/KEYHEX), which no build reads: removed */
static void remove_old_entry(struct gc *gc, const char *path, const char *name)
{
	(void)name;
	if (unlink(path) == 0)
		gc->st->removed++;
}

/* remove the entry hex; 1 when it is gone, 0 after a warning */
static int remove_entry(struct gc *gc, const char *hex)
{
	if (acstore_del(gc->ac, hex) == 0)
		return 1;
	gc->ret = -1;
	return 0;
}

/* the bytes of g's blobs that no entry counted so far uses */
static long long new_bytes(struct gc *gc, const struct gentry *g, struct htab *counted)
{
	long long add = 0;
	size_t j;

	for (j = 0; j < g->nblobs; j++) {
		const char *b = g->blobs[j];

		if (!htab_get(counted, b, 32)) {
			char *bp = xasprintf("%s/%.2s/%s", gc->casdir, b, b);

			add += file_size(bp);
			free(bp);
		}
	}
	return add;
}

/* mark the entries to keep, newest first: the keep newest (keep >= 0), or
 * while their blobs fit in max_bytes; their blobs go into gc->kept */
static void choose(struct gc *gc, long long keep, long long max_bytes)
{
	struct htab *counted = htab_new(256);
	long long total = 0;
	size_t i, j;
	int full = 0;

	if (gc->n > 1)
		qsort(gc->v, gc->n, sizeof(gc->v[0]), cmp_gentry);
	for (i = 0; i < gc->n; i++) {
		struct gentry *g = &gc->v[i];
		long long add = 0;

		if (keep >= 0) {
			g->keep = (long long)i < keep;
		} else {
			add = new_bytes(gc, g, counted) + g->inline_bytes;
			/* least recently used first out: nothing older than one that did not fit */
			g->keep = !full && total + add <= max_bytes;
			full = !g->keep;
		}
		if (!g->keep)
			continue;
		for (j = 0; j < g->nblobs; j++) {
			const char *b = g->blobs[j];

			*htab_put(counted, b, 32) = (void *)b;
			*htab_put(gc->kept, b, 32) = (void *)b;
		}
		total += add;
		gc->st->kept++;
		gc->st->kept_bytes += g->inline_bytes;
	}
	htab_free(counted);
}

static void drop_entries(struct gc *gc)
{
	size_t i;

	for (i = 0; i < gc->nbad; i++)
		gc->st->removed += remove_entry(gc, gc->bad[i]);
	for (i = 0; i < gc->n; i++) {
		if (gc->v[i].keep || !remove_entry(gc, gc->v[i].name))
			continue;
		gc->st->removed++;
		gc->st->removed_bytes += gc->v[i].inline_bytes;
	}
	if (gc->ac && acstore_shrink(gc->ac) < 0)
		gc->ret = -1;
}

/* a blob: counted when a kept entry uses it, else removed */
static void sweep_blob(struct gc *gc, const char *path, const char *name)
{
	if (strlen(name) == 32 && htab_get(gc->kept, name, 32)) {
		gc->st->kept_bytes += file_size(path);
		return;
	}
	gc->st->removed_bytes += file_size(path);
	if (unlink(path) == 0)
		gc->st->blobs_removed++;
	else
		gc->ret = error("cannot remove '%s':", path);
}

/* a directory cas/HH: its blobs swept, then itself removed when empty */
static void sweep_dir(struct gc *gc, const char *path, const char *name)
{
	(void)name;
	each_name(gc, path, sweep_blob);
	rmdir(path);
}

static void remove_tmp(struct gc *gc, const char *path, const char *name)
{
	(void)gc;
	(void)name;
	unlink(path);
}

int cache_gc(const char *statedir, long long keep, long long max_bytes, struct cache_gc_stats *st)
{
	struct gc gc;
	char *db;
	size_t i;

	memset(&gc, 0, sizeof(gc));
	memset(st, 0, sizeof(*st));
	gc.st = st;
	gc.root = path_join(statedir, "cache");
	gc.acdir = xasprintf("%s/ac", gc.root);
	gc.casdir = xasprintf("%s/cas", gc.root);
	gc.tmpdir = xasprintf("%s/tmp", gc.root);
	gc.kept = htab_new(256);
	if (each_name(&gc, gc.acdir, remove_old_entry) == 0)
		rmdir(gc.acdir);
	db = path_join(gc.root, ACSTORE_FILE);
	if (access(db, F_OK) == 0 && !(gc.ac = acstore_open(gc.root, 1))) {
		gc.ret = -1;    /* warned */
	} else if (gc.ac && acstore_each(gc.ac, read_entry, &gc) < 0) {
		gc.ret = -1;
	} else {
		choose(&gc, keep, max_bytes);
		drop_entries(&gc);
		each_name(&gc, gc.casdir, sweep_dir);
		each_name(&gc, gc.tmpdir, remove_tmp);
	}
	if (gc.ac && acstore_commit(gc.ac) < 0)
		gc.ret = -1;
	acstore_close(gc.ac);
	for (i = 0; i < gc.n; i++)
		gentry_release(&gc.v[i]);
	free(gc.v);
	for (i = 0; i < gc.nbad; i++)
		free(gc.bad[i]);
	free(gc.bad);
	htab_free(gc.kept);
	free(gc.root);
	free(gc.acdir);
	free(gc.casdir);
	free(gc.tmpdir);
	free(db);
	return gc.ret;
}
