/* The file hash cache. Entries are allocated in blocks (a 100,000-file
 * workspace makes 200,000 of them), keyed in one htab by path. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "engine/filecache.h"
#include "base/htab.h"
#include "base/util.h"

enum { BLOCK = 4096 };

struct filecache {
	struct htab *map;        /* path -> struct fentry */
	struct fentry **blocks;
	size_t nblocks, capblocks, used;  /* used: entries in the last block */
	char **owned;            /* copied paths */
	size_t nowned, capowned;
	size_t nstat, nhash;
	size_t nentries;
	struct fentry **dirty;   /* marked dirty since filecache_next_dirty took them */
	size_t ndirty, capdirty;
};

struct filecache *filecache_new(size_t hint)
{
	struct filecache *fc = xcalloc(1, sizeof(*fc));

	fc->map = htab_new(hint ? hint : 1024);
	fc->used = BLOCK;
	return fc;
}

void filecache_free(struct filecache *fc)
{
	size_t i;

	if (!fc)
		return;
	for (i = 0; i < fc->nblocks; i++)
		free(fc->blocks[i]);
	for (i = 0; i < fc->nowned; i++)
		free(fc->owned[i]);
	free(fc->blocks);
	free(fc->owned);
	free(fc->dirty);
	htab_free(fc->map);
	free(fc);
}

static struct fentry *new_entry(struct filecache *fc, const char *path)
{
	struct fentry *e;

	if (fc->used == BLOCK) {
		growarray(&fc->blocks, &fc->capblocks, fc->nblocks + 1, sizeof(fc->blocks[0]));
		fc->blocks[fc->nblocks++] = xmalloc(BLOCK * sizeof(struct fentry));
		fc->used = 0;
	}
	e = &fc->blocks[fc->nblocks - 1][fc->used++];
	memset(e, 0, sizeof(*e));
	e->path = path;
	return e;
}

struct fentry *filecache_add(struct filecache *fc, const char *path)
{
	struct fentry *e = new_entry(fc, path);

	fc->nentries++;
	e->node = 1;
	return e;
}

struct fentry *filecache_put(struct filecache *fc, const char *path, size_t len, int borrow)
{
	void **slot;
	struct fentry *e;

	if (borrow) {
		/* one probe: the slot is created with the borrowed key */
		slot = htab_put(fc->map, path, len);
		if (*slot)
			return *slot;
	} else {
		e = htab_get(fc->map, path, len);
		if (e)
			return e;
		path = xstrndup(path, len);
		growarray(&fc->owned, &fc->capowned, fc->nowned + 1, sizeof(fc->owned[0]));
		fc->owned[fc->nowned++] = (char *)path;
		slot = htab_put(fc->map, path, len);
	}
	fc->nentries++;
	e = new_entry(fc, path);
	*slot = e;
	return e;
}

struct fentry *filecache_next(const struct filecache *fc, size_t *i)
{
	size_t b = *i / BLOCK, k = *i % BLOCK;

	if (b >= fc->nblocks || (b == fc->nblocks - 1 && k >= fc->used))
		return NULL;
	(*i)++;
	return &fc->blocks[b][k];
}

void filecache_stats(const struct filecache *fc, size_t *nstat, size_t *nhash)
{
	*nstat = fc->nstat;
	*nhash = fc->nhash;
}

void filecache_invalidate(struct fentry *e)
{
	e->state = FE_UNCHECKED;
}

/* e differs from its stored row: on the list the next write-back takes */
static void mark_dirty(struct filecache *fc, struct fentry *e)
{
	if (e->dirty)
		return;
	e->dirty = 1;
	growarray(&fc->dirty, &fc->capdirty, fc->ndirty + 1, sizeof(fc->dirty[0]));
	fc->dirty[fc->ndirty++] = e;
}

struct fentry *filecache_next_dirty(struct filecache *fc)
{
	while (fc->ndirty) {
		struct fentry *e = fc->dirty[--fc->ndirty];

		if (e->dirty)
			return e;
	}
	return NULL;
}

int filecache_check(struct filecache *fc, struct fentry *e, int is_dir)
{
	struct stat st;
	struct hash h;
	long long mt, ct;
	int racy;

	if (e->state == FE_PRESENT)
		return 0;
	if (e->state == FE_MISSING)
		return 1;
	fc->nstat++;
	if (stat(e->path, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return error("cannot stat '%s':", e->path);
		e->state = FE_MISSING;
		if (e->known) {
			e->known = 0;
			mark_dirty(fc, e);
		}
		return 1;
	}
	mt = ts_ns(st.st_mtim);
	ct = ts_ns(st.st_ctim);
	racy = mt >= e->recorded_ns - FILECACHE_RACY_NS;
	if (!is_dir && !S_ISDIR(st.st_mode) && e->known && !racy && e->mtime_ns == mt &&
	    e->ctime_ns == ct && e->size == (long long)st.st_size && e->inode == (long long)st.st_ino) {
		e->state = FE_PRESENT;
		return 0;
	}
	fc->nhash++;
	if (S_ISDIR(st.st_mode)) {
		if (hash_tree(e->path, &h) < 0)
			return -1;
	} else if (hash_file(e->path, &h) < 0) {
		return error("cannot read '%s':", e->path);
	}
	if (!e->known || !hash_eq(h, e->hash) || e->mtime_ns != mt || e->ctime_ns != ct ||
	    e->size != (long long)st.st_size || e->inode != (long long)st.st_ino || racy)
		mark_dirty(fc, e);
	e->hash = h;
	e->mtime_ns = mt;
	e->ctime_ns = ct;
	e->size = st.st_size;
	e->inode = st.st_ino;
	e->recorded_ns = wall_ns();
	e->known = 1;
	e->hashed = 1;
	e->state = FE_PRESENT;
	return 0;
}

/* tree hashing: collect "relative path" entries, sort, then hash each */
struct tree {
	char **paths;
	size_t n, cap;
};

static int tree_walk(struct tree *t, const char *root, const char *rel)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d) {
		ret = error("cannot read directory '%s':", dir);
		free(dir);
		return ret;
	}
	while ((de = readdir(d))) {
		char *sub, *full;
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		full = xasprintf("%s/%s", root, sub);
		if (lstat(full, &st) < 0) {
			ret = error("cannot stat '%s':", full);
			free(full);
			free(sub);
			break;
		}
		free(full);
		if (S_ISDIR(st.st_mode)) {
			ret = tree_walk(t, root, sub);
			free(sub);
			if (ret < 0)
				break;
			continue;
		}
		growarray(&t->paths, &t->cap, t->n + 1, sizeof(t->paths[0]));
		t->paths[t->n++] = sub;
	}
	closedir(d);
	free(dir);
	return ret;
}

int tree_listing(const char *dir, struct buf *listing)
{
	struct tree t = {NULL, 0, 0};
	struct buf b = BUF_INIT;
	size_t i;
	int ret;

	ret = tree_walk(&t, dir, "");
	if (ret < 0)
		goto out;
	if (t.n > 1)
		qsort(t.paths, t.n, sizeof(t.paths[0]), cmp_strp);
	buf_puts(&b, "menace-tree 1\n");
	for (i = 0; i < t.n; i++) {
		char *full = xasprintf("%s/%s", dir, t.paths[i]), hex[HASH_HEX];
		struct stat st;
		struct hash h;

		if (lstat(full, &st) < 0) {
			ret = error("cannot stat '%s':", full);
			free(full);
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n = readlink(full, target, sizeof(target));

			if (n < 0) {
				ret = error("cannot read link '%s':", full);
				free(full);
				goto out;
			}
			h = hash_bytes(target, (size_t)n);
			buf_putc(&b, 'l');
		} else {
			if (hash_file(full, &h) < 0) {
				ret = error("cannot read '%s':", full);
				free(full);
				goto out;
			}
			buf_putc(&b, st.st_mode & S_IXUSR ? 'x' : 'f');
		}
		free(full);
		hash_hex(h, hex);
		buf_printf(&b, " %s %zu:%s\n", hex, strlen(t.paths[i]), t.paths[i]);
	}
	buf_put(listing, b.s, b.len);
out:
	for (i = 0; i < t.n; i++)
		free(t.paths[i]);
	free(t.paths);
	buf_free(&b);
	return ret;
}

int hash_tree(const char *dir, struct hash *out)
{
	struct buf b = BUF_INIT;
	int ret = tree_listing(dir, &b);

	if (ret == 0)
		*out = hash_bytes(b.s, b.len);
	buf_free(&b);
	return ret;
}
