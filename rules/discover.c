/* discover.c: walk, scan (in threads), resolve imports, find orphans. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "rules/discover.h"
#include "rules/discoverdef.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/htab.h"
#include "base/path.h"
#include "rules/pyscan.h"
#include "base/util.h"

static const char *const skip_default[] = {
	"tests", "unit_tests", ".git", ".venv", "venv", "__pycache__", "node_modules", "build", "dist", NULL,
};



/* a SEP b, malloc'd; b alone when a is empty (no printf: once per file and import) */
static char *join(const char *a, char sep, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = xmalloc(la + lb + 2), *p = s;

	if (la) {
		memcpy(p, a, la);
		p += la;
		*p++ = sep;
	}
	memcpy(p, b, lb + 1);
	return s;
}

static int skipped(const struct discover_opts *o, const char *rel, const char *name)
{
	size_t i;

	for (i = 0; skip_default[i]; i++)
		if (strcmp(name, skip_default[i]) == 0)
			return 1;
	for (i = 0; i < o->nskip; i++) {
		const char *s = o->skip[i];

		if (!*s)
			continue;
		if (strchr(s, '/') ? strcmp(rel, s) == 0 : strcmp(name, s) == 0)
			return 1;
	}
	return 0;
}

/* the kind of the entry de of dir (full: its path, NULL when d_type is
 * DT_DIR or DT_REG): 'd' a directory, 'f' a regular file or a symbolic
 * link to one, 0 anything else or gone; from readdir's d_type where the
 * file system gives it, without a stat */
static int entry_kind(const struct dirent *de, const char *full)
{
	struct stat st;

	switch (de->d_type) {
	case DT_DIR:
		return 'd';
	case DT_REG:
		return 'f';
	case DT_LNK:
		return stat(full, &st) == 0 && S_ISREG(st.st_mode) ? 'f' : 0;
	case DT_UNKNOWN:
		if (lstat(full, &st) < 0)
			return 0;
		if (S_ISDIR(st.st_mode))
			return 'd';
		if (S_ISREG(st.st_mode))
			return 'f';
		return S_ISLNK(st.st_mode) && stat(full, &st) == 0 && S_ISREG(st.st_mode) ? 'f' : 0;
	default:
		return 0;
	}
}

/* collect every *.py under dir (rel: its repo-relative path, "" for the root) */
static void walk(struct discovery *d, const char *rel)
{
	char *abs = *rel ? path_join(d->o->repo, rel) : xstrdup(d->o->repo);
	DIR *dir = opendir(abs);
	struct dirent *de;

	if (!dir) {
		warn("cannot read directory '%s':", abs);
		free(abs);
		return;
	}
	while ((de = readdir(dir))) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		int py = len > 3 && memcmp(name + len - 3, ".py", 3) == 0;
		char *r, *full;
		int kind;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		/* only directories and .py files matter: no path for the rest */
		if (!py && de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		r = join(rel, '/', name);
		full = de->d_type == DT_DIR || de->d_type == DT_REG ? NULL : path_join(d->o->repo, r);
		kind = entry_kind(de, full);
		if (kind == 'd') {
			if (!skipped(d->o, r, name))
				walk(d, r);
		} else if (kind == 'f' && py) {
			struct file *f;

			growarray(&d->files, &d->cap, d->nfiles + 1, sizeof(*d->files));
			f = &d->files[d->nfiles++];
			memset(f, 0, sizeof(*f));
			f->path = r;
			r = NULL;
		}
		free(full);
		free(r);
	}
	closedir(dir);
	free(abs);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* read and scan f, in buf (*cap bytes), the worker's buffer for every file */
static void scan_one(struct discovery *d, struct file *f, char **buf, size_t *cap)
{
	char *full = path_join(d->o->repo, f->path);
	size_t len;
	int rc = read_file_into(full, buf, cap, &len);

	free(full);
	if (rc < 0) {
		f->read_errno = errno ? errno : EIO;
		return;
	}
	f->h = hash_bytes(*buf, len);
	f->ok = pyscan_file(*buf, len, &f->ps, &f->err) == 0;
}

static void *worker(void *arg)
{
	struct discovery *d = arg;
	char *buf = NULL;
	size_t cap = 0;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&d->lock);
		i = d->next++;
		pthread_mutex_unlock(&d->lock);
		if (i >= d->nfiles)
			break;
		scan_one(d, &d->files[i], &buf, &cap);
	}
	free(buf);
	return NULL;
}

static void scan_all(struct discovery *d)
{
	int n = d->o->threads > 0 ? d->o->threads : ncpus();
	pthread_t *th;
	char *started;
	int i;

	if ((size_t)n > d->nfiles)
		n = (int)d->nfiles;
	if (n < 1)
		n = 1;
	pthread_mutex_init(&d->lock, NULL);
	d->next = 0;
	th = xcalloc((size_t)n, sizeof(*th));
	started = xcalloc((size_t)n, 1);
	/* this thread is worker 0; a thread that cannot start leaves its share to the others */
	for (i = 1; i < n; i++)
		started[i] = pthread_create(&th[i], NULL, worker, d) == 0;
	worker(d);
	for (i = 1; i < n; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	free(started);
	free(th);
	pthread_mutex_destroy(&d->lock);
}

static char *module_name(const char *path, int *is_init)
{
	size_t len = strlen(path) - 3;
	char *m = xstrndup(path, len), *c;
	const char *base = strrchr(m, '/');

	base = base ? base + 1 : m;
	*is_init = strcmp(base, "__init__") == 0;
	if (*is_init)
		m[base == m ? 0 : (size_t)(base - m - 1)] = '\0';
	for (c = m; *c; c++)
		if (*c == '/')
			*c = '.';
	return m;
}

static struct file *lookup(const struct discovery *d, const char *mod, size_t len)
{
	return len ? htab_get(d->modules, mod, len) : NULL;
}

static int valid_module(const char *s)
{
	const char *p;

	if (!*s || *s == '.')
		return 0;
	for (p = s; *p; p++) {
		if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
			return 0;
		if (!(*p == '.' || *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
		      || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
			return 0;
	}
	return 1;
}

static void add_dep(struct file *f, size_t **deps, size_t *n, size_t *cap, const struct discovery *d,
		    const struct file *target)
{
	if (!target || target == f)
		return;
	growarray(deps, cap, *n + 1, sizeof(**deps));
	(*deps)[(*n)++] = (size_t)(target - d->files);
}

/* mod and each of its parent packages */
static void add_prefixes(struct file *f, size_t **deps, size_t *n, size_t *cap, const struct discovery *d,
			 const char *mod)
{
	size_t len = strlen(mod), i;

	for (i = 1; i <= len; i++)
		if (i == len || mod[i] == '.')
			add_dep(f, deps, n, cap, d, lookup(d, mod, i));
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* the loc a relative import of f names, level dots up from f's directory
 * (its package, whatever the directories are called: site-packages/pkg/a.py
 * doing "from .b import x" names site-packages/pkg/b), mod below it;
 * NULL when it climbs out of the repository */
static char *relative_loc(const struct file *f, int level, const char *mod)
{
	char *dir = path_dirname(f->path), *full, *c;

	if (strcmp(dir, ".") == 0)
		dir[0] = '\0';
	for (; level > 1; level--) {
		char *slash = strrchr(dir, '/');

		if (!*dir) {
			free(dir);
			return NULL;
		}
		if (slash)
			*slash = '\0';
		else
			dir[0] = '\0';
	}
	if (!*mod)
		return dir;
	full = join(dir, '/', mod);
	/* the dots of mod only: a directory may hold one (python3.11) */
	for (c = full + strlen(full) - strlen(mod); *c; c++)
		if (*c == '.')
			*c = '/';
	free(dir);
	return full;
}

/* loc and each of its parent directories' packages */
static void add_loc_prefixes(struct file *f, size_t **deps, size_t *n, size_t *cap, const struct discovery *d,
			     const char *loc)
{
	size_t len = strlen(loc), i;

	for (i = 1; i <= len; i++)
		if (i == len || loc[i] == '/')
			add_dep(f, deps, n, cap, d, htab_get(d->locs, loc, i));
}

/* a relative import: resolved by f's directory chain */
static void resolve_relative(struct discovery *d, struct file *f, const struct pyimport *im, size_t **deps,
			     size_t *n, size_t *cap)
{
	char *loc;

	if (*im->module && !valid_module(im->module))
		return;
	if (!(loc = relative_loc(f, im->level, im->module)))
		return;
	if (*loc)
		add_loc_prefixes(f, deps, n, cap, d, loc);
	if (im->kind == PYIMPORT_FROM && strcmp(im->name, "*") != 0) {
		char *sub = join(loc, '/', im->name);

		add_dep(f, deps, n, cap, d, htab_get(d->locs, sub, strlen(sub)));
		free(sub);
	}
	free(loc);
}

static void resolve(struct discovery *d, struct file *f)
{
	size_t *deps = NULL, n = 0, cap = 0, i, k;

	for (i = 0; i < f->ps.nimports; i++) {
		const struct pyimport *im = &f->ps.imports[i];
		const char *base = im->module;

		if (im->level > 0) {
			resolve_relative(d, f, im, &deps, &n, &cap);
			continue;
		}
		if (*base && !valid_module(base))
			continue;
		if (*base)
			add_prefixes(f, &deps, &n, &cap, d, base);
		if (im->kind == PYIMPORT_FROM && strcmp(im->name, "*") != 0) {
			char *sub = join(base, '.', im->name);

			add_dep(f, &deps, &n, &cap, d, lookup(d, sub, strlen(sub)));
			free(sub);
		}
	}
	if (n > 1)
		qsort(deps, n, sizeof(*deps), cmp_size);
	for (i = k = 0; i < n; i++)
		if (k == 0 || deps[k - 1] != deps[i])
			deps[k++] = deps[i];
	f->deps = deps;
	f->ndeps = k;
}

static int eligible(const struct file *f)
{
	return f->ok && !f->is_init && !f->ps.main_guard && !f->excluded;
}

const char *const discover_default_exclude[] = {
	"test_*.py", "*_test.py", "conftest.py", "sitecustomize.py", "setup.py", "__main__.py", NULL,
};

/* a pattern with '/' matches the repo-relative path, else the file name */
static int excluded(const struct discover_opts *o, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t i;

	base = base ? base + 1 : path;
	if (!o->exclude) {
		for (i = 0; discover_default_exclude[i]; i++)
			if (fnmatch(discover_default_exclude[i], base, 0) == 0)
				return 1;
		return 0;
	}
	for (i = 0; i < o->nexclude; i++)
		if (*o->exclude[i] && fnmatch(o->exclude[i], strchr(o->exclude[i], '/') ? path : base, 0) == 0)
			return 1;
	return 0;
}

static void find_orphans(struct discovery *d)
{
	size_t i, k, *queue, qn = 0, qh = 0;
	int *dist, changed;

	/* first round: no importer at all */
	for (i = 0; i < d->nfiles; i++) {
		struct file *f = &d->files[i];

		if (eligible(f) && f->nimporters == 0)
			f->first = f->orphan = 1;
	}
	if (!d->o->recursive)
		return;
	/* candidates: what the first round reaches through eligible modules,
	 * at most max_depth imports away */
	dist = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*dist));
	queue = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*queue));
	for (i = 0; i < d->nfiles; i++) {
		dist[i] = -1;
		if (d->files[i].first) {
			dist[i] = 0;
			queue[qn++] = i;
		}
	}
	while (qh < qn) {
		struct file *f = &d->files[queue[qh++]];
		int fd = dist[f - d->files];

		if (d->o->max_depth >= 0 && fd >= d->o->max_depth)
			continue;
		for (k = 0; k < f->ndeps; k++) {
			size_t j = f->deps[k];

			if (dist[j] < 0 && eligible(&d->files[j])) {
				dist[j] = fd + 1;
				d->files[j].orphan = 1;
				queue[qn++] = j;
			}
		}
	}
	/* greatest fixpoint: drop every candidate with an importer outside the set */
	do {
		changed = 0;
		for (i = 0; i < d->nfiles; i++) {
			struct file *f = &d->files[i];

			if (!f->orphan || f->first)
				continue;
			for (k = 0; k < f->nimporters; k++)
				if (!d->files[f->importers[k]].orphan)
					break;
			if (k < f->nimporters) {
				f->orphan = 0;
				changed = 1;
			}
		}
	} while (changed);
	free(dist);
	free(queue);
}

static struct file *sort_files;

static int by_hash(const void *a, const void *b)
{
	const struct file *x = &sort_files[*(const size_t *)a], *y = &sort_files[*(const size_t *)b];

	if (x->h.hi != y->h.hi)
		return x->h.hi < y->h.hi ? -1 : 1;
	if (x->h.lo != y->h.lo)
		return x->h.lo < y->h.lo ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void find_duplicates(struct discovery *d)
{
	size_t *idx = xcalloc(d->nfiles ? d->nfiles : 1, sizeof(*idx)), n = 0, i;

	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].ok)
			idx[n++] = i;
	sort_files = d->files;
	qsort(idx, n, sizeof(*idx), by_hash);
	for (i = 1; i < n; i++) {
		struct file *a = &d->files[idx[i - 1]], *b = &d->files[idx[i]];

		if (hash_eq(a->h, b->h))
			a->duplicate = b->duplicate = 1;
	}
	free(idx);
}

struct discovery *discover_run(const struct discover_opts *o)
{
	struct discovery *d = xcalloc(1, sizeof(*d));
	struct stat st;
	size_t i, k;

	d->o = o;
	if (stat(o->repo, &st) < 0 || (!S_ISDIR(st.st_mode) && (errno = ENOTDIR))) {
		warn("cannot scan '%s':", o->repo);
		free(d);
		return NULL;
	}
	walk(d, "");
	if (d->nfiles > 1)
		qsort(d->files, d->nfiles, sizeof(*d->files), by_path);
	scan_all(d);
	d->modules = htab_new(d->nfiles);
	d->locs = htab_new(d->nfiles);
	for (i = 0; i < d->nfiles; i++) {
		struct file *f = &d->files[i];

		if (f->read_errno) {
			errno = f->read_errno;
			warn("cannot read '%s':", f->path);
			continue;
		}
		if (!f->ok) {
			warn("%s:%u: %s", f->path, f->err.line, f->err.msg);
			continue;
		}
		d->ok++;
		f->excluded = excluded(o, f->path);
		f->module = module_name(f->path, &f->is_init);
		f->loc = !f->is_init ? xstrndup(f->path, strlen(f->path) - 3) : path_dirname(f->path);
		if (strcmp(f->loc, ".") == 0)
			f->loc[0] = '\0';
	}
	/* a package (pkg/__init__.py) wins over a module file of the same name */
	for (k = 0; k < 2; k++)
		for (i = 0; i < d->nfiles; i++) {
			struct file *f = &d->files[i];
			void **slot;

			if (!f->ok || !*f->module || f->is_init != (k == 0))
				continue;
			slot = htab_put(d->modules, f->module, strlen(f->module));
			if (!*slot)
				*slot = f;
			slot = htab_put(d->locs, f->loc, strlen(f->loc));
			if (!*slot)
				*slot = f;
		}
	for (i = 0; i < d->nfiles; i++)
		if (d->files[i].ok)
			resolve(d, &d->files[i]);
	for (i = 0; i < d->nfiles; i++) {
		struct file *f = &d->files[i];

		for (k = 0; k < f->ndeps; k++) {
			struct file *t = &d->files[f->deps[k]];

			growarray(&t->importers, &t->capimp, t->nimporters + 1, sizeof(size_t));
			t->importers[t->nimporters++] = i;
		}
	}
	find_duplicates(d);
	find_orphans(d);
	for (i = 0; i < d->nfiles; i++)
		d->norphans += d->files[i].orphan;
	return d;
}

void discover_free(struct discovery *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nfiles; i++) {
		struct file *f = &d->files[i];

		free(f->path);
		free(f->module);
		free(f->loc);
		free(f->deps);
		free(f->importers);
		if (f->ok)
			pyscan_release(&f->ps);
	}
	free(d->files);
	htab_free(d->modules);
	if (d->locs)
		htab_free(d->locs);
	free(d);
}

size_t discover_nfiles(const struct discovery *d)
{
	return d->ok;
}

size_t discover_norphans(const struct discovery *d)
{
	return d->norphans;
}

int discover_print_imports(const char *path, FILE *out)
{
	size_t len, i;
	char *src = read_file(path, &len);
	struct pyscan ps;
	struct pyerr err;

	if (!src)
		return error("cannot read '%s':", path);
	if (pyscan_file(src, len, &ps, &err) < 0) {
		free(src);
		return error("%s:%u: %s", path, err.line, err.msg);
	}
	for (i = 0; i < ps.nimports; i++) {
		const struct pyimport *im = &ps.imports[i];
		static const char dots[] = "................................";
		int lv = im->level < 32 ? im->level : 32;

		if (im->kind == PYIMPORT_IMPORT)
			fprintf(out, "%u import %s\n", im->line, im->module);
		else if (im->kind == PYIMPORT_FROM)
			fprintf(out, "%u from %.*s%s import %s\n", im->line, lv, dots, im->module, im->name);
		else
			fprintf(out, "%u dynamic %.*s%s\n", im->line, lv, dots, im->module);
	}
	pyscan_release(&ps);
	free(src);
	return 0;
}
