#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "graph/glob.h"
#include "base/htab.h"
#include "base/util.h"

/* ENT_OUT: an output of a rule (or a parent of one), matched whatever the
 * disk holds; the others come from the disk and pass the skip test */
enum { ENT_FILE = 1, ENT_DIR = 2, ENT_LINK = 4, ENT_OUT = 8 };

struct dirlist {
	char *path;
	char **names;        /* those from the disk first, sorted; then outputs */
	unsigned char *type; /* enum ENT_* bits */
	size_t n, ndisk, cap;
};

/* the outputs of rules seen so far, with their parent directories */
struct vdir {
	char **names;
	unsigned char *type;
	size_t n, cap;
};

struct globber {
	char *root;
	struct htab *dirs;    /* relative dir ("" for the root) -> struct dirlist */
	struct dirlist **all;
	size_t nall, capall;
	struct htab *vdirs;   /* relative dir -> struct vdir */
	struct htab *known;   /* relative path of an output or its parent -> 1 */
	char **keys;          /* keys of vdirs and known, owned here */
	size_t nkeys, capkeys;
	struct vdir **vall;
	size_t nvall, capvall;
	int (*skip)(void *ctx, const char *path);
	void *skipctx;
};

struct globber *glob_new(const char *root)
{
	struct globber *g = xcalloc(1, sizeof(*g));

	g->root = xstrdup(root && *root ? root : ".");
	g->dirs = htab_new(64);
	g->vdirs = htab_new(64);
	g->known = htab_new(256);
	return g;
}

void glob_free(struct globber *g)
{
	size_t i, j;

	if (!g)
		return;
	for (i = 0; i < g->nall; i++) {
		struct dirlist *d = g->all[i];

		for (j = 0; j < d->n; j++)
			free(d->names[j]);
		free(d->names);
		free(d->type);
		free(d->path);
		free(d);
	}
	free(g->all);
	for (i = 0; i < g->nvall; i++) {
		for (j = 0; j < g->vall[i]->n; j++)
			free(g->vall[i]->names[j]);
		free(g->vall[i]->names);
		free(g->vall[i]->type);
		free(g->vall[i]);
	}
	free(g->vall);
	for (i = 0; i < g->nkeys; i++)
		free(g->keys[i]);
	free(g->keys);
	htab_free(g->vdirs);
	htab_free(g->known);
	htab_free(g->dirs);
	free(g->root);
	free(g);
}

void glob_set_skip(struct globber *g, int (*skip)(void *ctx, const char *path), void *ctx)
{
	g->skip = skip;
	g->skipctx = ctx;
}

/* 1 when p holds *, ?, [ or a backslash escape (matched by fnmatch) */
static int glob_has_magic(const char *p)
{
	/* a backslash escapes the next character: fnmatch removes it */
	return strpbrk(p, "*?[\\") != NULL;
}

static char *fspath(struct globber *g, const char *rel)
{
	if (!*rel)
		return xstrdup(g->root);
	if (strcmp(g->root, ".") == 0 || rel[0] == '/')
		return xstrdup(rel);
	return xasprintf("%s/%s", g->root, rel);
}

/* add an entry the disk may not have yet (an output of a rule) */
static void dirlist_add(struct dirlist *d, const char *name, unsigned char type)
{
	char *const *hit = d->ndisk ? bsearch(&name, d->names, d->ndisk, sizeof(d->names[0]), cmp_strp) : NULL;

	if (hit) {
		d->type[hit - d->names] |= type;
		return;
	}
	if (d->n + 1 > d->cap) {
		d->cap = d->cap * 2 + 8;
		d->names = xreallocarray(d->names, d->cap, sizeof(d->names[0]));
		d->type = xreallocarray(d->type, d->cap, 1);
	}
	d->names[d->n] = xstrdup(name);
	d->type[d->n++] = type;
}

static char *own_key(struct globber *g, const char *s, size_t n)
{
	char *k = xstrndup(s, n);

	growarray(&g->keys, &g->capkeys, g->nkeys + 1, sizeof(g->keys[0]));
	g->keys[g->nkeys++] = k;
	return k;
}

void glob_add_output(struct globber *g, const char *path, int isdir)
{
	size_t len = strlen(path);
	unsigned char type = (isdir ? ENT_DIR : ENT_FILE) | ENT_OUT;

	while (len > 0) {
		const char *slash;
		size_t dl;
		void **slot;
		struct vdir *v;
		struct dirlist *d;
		char *name;

		if (htab_get(g->known, path, len))
			return;
		*htab_put(g->known, own_key(g, path, len), len) = (void *)1;
		for (slash = path + len; slash > path && slash[-1] != '/'; slash--)
			;
		dl = slash > path ? (size_t)(slash - path) - 1 : 0;
		name = xstrndup(slash, len - (size_t)(slash - path));
		v = htab_get(g->vdirs, path, dl);
		if (!v) {
			v = xcalloc(1, sizeof(*v));
			growarray(&g->vall, &g->capvall, g->nvall + 1, sizeof(g->vall[0]));
			g->vall[g->nvall++] = v;
			slot = htab_put(g->vdirs, own_key(g, path, dl), dl);
			*slot = v;
		}
		growarray(&v->names, &v->cap, v->n + 1, sizeof(v->names[0]));
		v->type = xreallocarray(v->type, v->cap, 1);
		v->names[v->n] = name;
		v->type[v->n++] = type;
		d = htab_get(g->dirs, path, dl);
		if (d)
			dirlist_add(d, name, type);
		type = ENT_DIR | ENT_OUT;
		len = dl;
	}
}

static struct dirlist *listdir(struct globber *g, const char *rel)
{
	struct dirlist *d = htab_get(g->dirs, rel, strlen(rel));
	DIR *dir;
	struct dirent *de;
	char *fs;
	size_t cap = 0, i;

	if (d)
		return d;
	d = xcalloc(1, sizeof(*d));
	d->path = xstrdup(rel);
	*htab_put(g->dirs, d->path, strlen(d->path)) = d;
	growarray(&g->all, &g->capall, g->nall + 1, sizeof(g->all[0]));
	g->all[g->nall++] = d;
	fs = fspath(g, rel);
	dir = opendir(fs);
	if (dir) {
		while ((de = readdir(dir))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			growarray(&d->names, &cap, d->n + 1, sizeof(d->names[0]));
			d->names[d->n++] = xstrdup(de->d_name);
		}
		closedir(dir);
	}
	if (d->n > 1)
		qsort(d->names, d->n, sizeof(d->names[0]), cmp_strp);
	d->ndisk = d->n;
	d->cap = d->n + 1;
	d->names = xreallocarray(d->names, d->cap, sizeof(d->names[0]));
	d->type = xcalloc(d->cap, 1);
	for (i = 0; i < d->n; i++) {
		char *p = xasprintf("%s/%s", fs, d->names[i]);
		struct stat st;

		if (lstat(p, &st) == 0) {
			if (S_ISLNK(st.st_mode)) {
				d->type[i] |= ENT_LINK;
				if (stat(p, &st) < 0)
					st.st_mode = 0;
			}
			if (S_ISDIR(st.st_mode))
				d->type[i] |= ENT_DIR;
			else if (S_ISREG(st.st_mode))
				d->type[i] |= ENT_FILE;
		}
		free(p);
	}
	free(fs);
	{
		struct vdir *v = htab_get(g->vdirs, rel, strlen(rel));

		for (i = 0; v && i < v->n; i++)
			dirlist_add(d, v->names[i], v->type[i]);
	}
	return d;
}

static char *joinrel(const char *dir, const char *name)
{
	if (strcmp(dir, "/") == 0)
		return xasprintf("/%s", name);
	return *dir ? xasprintf("%s/%s", dir, name) : xstrdup(name);
}

/* append dir/name to the results: a file from the disk only when the skip
 * test lets it through */
static void add_match(struct globber *g, const char *dir, const char *name, unsigned char type,
                      char ***out, size_t *n)
{
	char *p = joinrel(dir, name);

	if (!(type & ENT_OUT) && g->skip && g->skip(g->skipctx, p)) {
		free(p);
		return;
	}
	*out = xreallocarray(*out, *n + 1, sizeof(**out));
	(*out)[(*n)++] = p;
}

static void match(struct globber *g, const char *dir, char **comp, size_t nc, size_t i,
                  char ***out, size_t *n)
{
	struct dirlist *d;
	size_t k;

	if (i == nc)
		return;
	d = listdir(g, dir);
	if (strcmp(comp[i], "**") == 0) {
		/* zero directories, then one more level */
		match(g, dir, comp, nc, i + 1, out, n);
		if (i + 1 == nc) {
			/* a trailing ** matches every file below */
			for (k = 0; k < d->n; k++) {
				if (d->names[k][0] == '.')
					continue;
				if (d->type[k] & ENT_FILE)
					add_match(g, dir, d->names[k], d->type[k], out, n);
			}
		}
		for (k = 0; k < d->n; k++) {
			char *sub;

			if (d->names[k][0] == '.' || !(d->type[k] & ENT_DIR) || (d->type[k] & ENT_LINK))
				continue;
			sub = joinrel(dir, d->names[k]);
			match(g, sub, comp, nc, i, out, n);
			free(sub);
		}
		return;
	}
	for (k = 0; k < d->n; k++) {
		int hit = glob_has_magic(comp[i]) ? fnmatch(comp[i], d->names[k], FNM_PERIOD) == 0
		                                  : strcmp(comp[i], d->names[k]) == 0;
		char *sub;

		if (!hit)
			continue;
		if (i + 1 == nc) {
			if (d->type[k] & ENT_FILE)
				add_match(g, dir, d->names[k], d->type[k], out, n);
			continue;
		}
		if (!(d->type[k] & ENT_DIR))
			continue;
		sub = joinrel(dir, d->names[k]);
		match(g, sub, comp, nc, i + 1, out, n);
		free(sub);
	}
}

int glob_has_file(struct globber *g, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == path ? xstrdup("/") : slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	const char *name = slash ? slash + 1 : path;
	struct dirlist *d = listdir(g, dir);
	size_t k;
	int ret = 0;

	for (k = 0; k < d->n; k++)
		if (strcmp(d->names[k], name) == 0 && (d->type[k] & ENT_FILE)) {
			ret = (d->type[k] & ENT_OUT) || !g->skip || !g->skip(g->skipctx, path);
			break;
		}
	free(dir);
	return ret;
}

size_t glob_expand(struct globber *g, const char *pattern, char ***out, size_t *n)
{
	char *p = xstrdup(pattern), *s, **comp = NULL, **res = NULL, *prefix;
	size_t nc = 0, nres = 0, i, j, lit = 0;
	struct buf b = BUF_INIT;

	for (s = strtok(p, "/"); s; s = strtok(NULL, "/")) {
		comp = xreallocarray(comp, nc + 1, sizeof(*comp));
		comp[nc++] = s;
	}
	/* literal leading parts need no listing of their parents */
	while (lit + 1 < nc && !glob_has_magic(comp[lit]) && strcmp(comp[lit], "**") != 0)
		lit++;
	/* an absolute pattern (below a directory of reads:) lists from / */
	if (pattern[0] == '/')
		buf_putc(&b, '/');
	for (i = 0; i < lit; i++) {
		if (i)
			buf_putc(&b, '/');
		buf_puts(&b, comp[i]);
	}
	prefix = buf_take(&b);
	{
		char *fs = fspath(g, prefix);
		struct stat st;

		if (!*prefix || htab_get(g->known, prefix, strlen(prefix)) ||
		    (stat(fs, &st) == 0 && S_ISDIR(st.st_mode)))
			match(g, prefix, comp + lit, nc - lit, 0, &res, &nres);
		free(fs);
	}
	free(prefix);
	if (nres > 1)
		qsort(res, nres, sizeof(*res), cmp_strp);
	for (i = j = 0; i < nres; i++) {
		if (j && strcmp(res[j - 1], res[i]) == 0) {
			free(res[i]);
			continue;
		}
		res[j++] = res[i];
	}
	*out = xreallocarray(*out, *n + j + 1, sizeof(**out));
	if (j)
		memcpy(*out + *n, res, j * sizeof(*res));
	*n += j;
	free(res);
	free(comp);
	free(p);
	return j;
}
