/* snapwatch.c: the directories the graph snapshot records (snapwatch.h;
 * the rules are in the format comment at the top of snapshot.c): the
 * workspace's, walked once each by (dev, inode), and what its symlinks
 * lead to. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/filecache.h"
#include "base/htab.h"
#include "base/path.h"
#include "engine/snapwatch.h"
#include "base/util.h"

/* a directory as the walk knows it: device and inode, so a directory met
 * again through a symlink (or a cycle of them) is walked once */
struct dirid {
	uint64_t dev, ino;
};

/* how a directory was met, in the walk's seen table */
enum { SEEN_WALKED = 1, SEEN_UNWATCHED = 2 };

/* a recorded path with this inode is a symlink that led to no directory;
 * its mtime field says what it led to */
#define LINK_NODIR 0
enum { LINK_OTHER = 0, LINK_FILE = 1 };

/* at most this many directories are walked through symlinks: past it the
 * snapshot is not written (a link to / would make every check stat the
 * whole filesystem) */
#define LINKED_DIRS_MAX 10000

struct dirlist {
	snapwatch_put_fn *put;   /* each directory recorded, to ctx */
	void *ctx;
	const char *statedir;   /* canonical, inside the workspace, or NULL */
	struct htab *seen;     /* struct dirid -> SEEN_* */
	struct dirid **ids;    /* the keys of seen, owned */
	size_t nids, capids;
	char **links;          /* the symlinks met, followed once the tree is walked */
	size_t nlinks, caplinks;
	int following;         /* walking what symlinks lead to */
	size_t linked;         /* directories walked through symlinks */
	int too_many;          /* more than LINKED_DIRS_MAX of them */
	const char *top;       /* the tree being walked: "." or a directory of reads: */
};

static void put_dir(struct dirlist *dl, const char *path, int64_t mtime, int64_t ino)
{
	dl->put(dl->ctx, path, mtime, ino);
}

static struct dirid dirid_of(const struct stat *st)
{
	struct dirid id;

	memset(&id, 0, sizeof(id));
	id.dev = (uint64_t)st->st_dev;
	id.ino = (uint64_t)st->st_ino;
	return id;
}

/* how the directory st was met before: SEEN_*, or 0 */
static uintptr_t seen_get(struct dirlist *dl, const struct stat *st)
{
	struct dirid id = dirid_of(st);

	return (uintptr_t)htab_get(dl->seen, (const char *)&id, sizeof(id));
}

/* how the directory st was met before, or 0 after noting it as what */
static uintptr_t seen_mark(struct dirlist *dl, const struct stat *st, uintptr_t what)
{
	uintptr_t was = seen_get(dl, st);
	struct dirid *k;

	if (was)
		return was;
	k = xmalloc(sizeof(*k));
	*k = dirid_of(st);
	growarray(&dl->ids, &dl->capids, dl->nids + 1, sizeof(dl->ids[0]));
	dl->ids[dl->nids++] = k;
	*htab_put(dl->seen, (const char *)k, sizeof(*k)) = (void *)what;
	return 0;
}

/* a directory no walk enters, through a symlink or not */
static void unwatched(struct dirlist *dl, const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		seen_mark(dl, &st, SEEN_UNWATCHED);
}

/* record dir and the directories below it, once each; the symlinks met
 * are queued for follow_links. The data directory itself is walked but
 * recorded by its names (names_hash), also when a link leads to it */
static void walk(struct dirlist *dl, const char *dir)
{
	int isdata = dl->statedir && strcmp(dir, dl->statedir) == 0;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (stat(dir, &st) < 0 || seen_mark(dl, &st, isdata ? SEEN_UNWATCHED : SEEN_WALKED))
		return;
	if (dl->following && ++dl->linked > LINKED_DIRS_MAX) {
		dl->too_many = 1;
		return;
	}
	if (!(d = opendir(dir)))
		return;
	if (!isdata)
		put_dir(dl, dir, (int64_t)ts_ns(st.st_mtim), (int64_t)st.st_ino);
	while ((de = readdir(d)) && !dl->too_many) {
		unsigned char type = de->d_type;
		char *sub;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (type != DT_DIR && type != DT_LNK && type != DT_UNKNOWN)
			continue;
		/* the workspace's (or a reads: tree's) own .git, not what a
		 * link leads to */
		if (dl->top && strcmp(dir, dl->top) == 0 && strcmp(de->d_name, ".git") == 0)
			continue;
		sub = strcmp(dir, ".") == 0 ? xstrdup(de->d_name)
		      : strcmp(dir, "/") == 0 ? xasprintf("/%s", de->d_name) : xasprintf("%s/%s", dir, de->d_name);
		if (type == DT_UNKNOWN && lstat(sub, &st) == 0)
			type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
		if (type == DT_DIR)
			walk(dl, sub);
		if (type == DT_LNK) {
			growarray(&dl->links, &dl->caplinks, dl->nlinks + 1, sizeof(dl->links[0]));
			dl->links[dl->nlinks++] = sub;
			continue;
		}
		free(sub);
	}
	closedir(d);
}

/* each queued symlink (the queue grows as linked directories are walked):
 * a link to a directory is recorded by its own path, so a change anywhere
 * in what it resolves to shows, and walked when its directory was not
 * met before; a link to anything else is recorded by what it led to */
static void follow_links(struct dirlist *dl)
{
	size_t i;

	dl->following = 1;
	for (i = 0; i < dl->nlinks && !dl->too_many; i++) {
		const char *path = dl->links[i];
		struct stat st;
		int ok = stat(path, &st) == 0;

		if (!ok || !S_ISDIR(st.st_mode)) {
			put_dir(dl, path, ok && S_ISREG(st.st_mode) ? LINK_FILE : LINK_OTHER, LINK_NODIR);
			continue;
		}
		switch (seen_get(dl, &st)) {
		case SEEN_UNWATCHED:
			break;
		case SEEN_WALKED:
			put_dir(dl, path, (int64_t)ts_ns(st.st_mtim), (int64_t)st.st_ino);
			break;
		default:
			walk(dl, path);
		}
	}
}

int snapwatch_walk(const char *statedir, const char *dd, const char *const *reads, size_t nreads,
                   snapwatch_put_fn *put, void *ctx)
{
	struct dirlist dl;
	size_t i;
	char *cache;

	memset(&dl, 0, sizeof(dl));
	dl.put = put;
	dl.ctx = ctx;
	dl.statedir = dd;
	dl.seen = htab_new(256);
	/* the local cache changes on every build that stores: never walked,
	 * through a symlink or not */
	cache = path_join(statedir, "cache");
	unwatched(&dl, cache);
	free(cache);
	dl.top = ".";
	walk(&dl, ".");
	/* a directory of reads: inside the workspace is met again by inode */
	for (i = 0; i < nreads; i++) {
		dl.top = reads[i];
		walk(&dl, reads[i]);
	}
	dl.top = NULL;
	follow_links(&dl);
	for (i = 0; i < dl.nids; i++)
		free(dl.ids[i]);
	free(dl.ids);
	for (i = 0; i < dl.nlinks; i++)
		free(dl.links[i]);
	free(dl.links);
	htab_free(dl.seen);
	return dl.too_many ? -1 : 0;
}

int snapwatch_holds(const char *path, int64_t mt, int64_t ino, int64_t written)
{
	struct stat st;
	int ok = stat(path, &st) == 0;

	if (ino == LINK_NODIR)
		return !(ok && S_ISDIR(st.st_mode)) && mt == (ok && S_ISREG(st.st_mode) ? LINK_FILE : LINK_OTHER);
	return ok && (int64_t)st.st_ino == ino && (int64_t)ts_ns(st.st_mtim) == mt && mt < written - FILECACHE_RACY_NS;
}

