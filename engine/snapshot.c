/* snapshot.c: the graph snapshot, STATEDIR/graph.snapshot, format 4.
 * Past 700 lines because the format's writer and its reader stand side by
 * side, so a change to one is made against the other; the directory walk
 * is in snapwatch.c.
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
 * Layout, native byte order (checked by the header's 0x01020304):
 *   "menace-graph\0\0\0\0" u32 version u32 0x01020304 hash key i64 written_ns
 *   u32 n, then n x (str path, hash content)          YAML files
 *   u32 n, then n x (str path, i64 mtime_ns, i64 ino) directories and links
 *   str statedir, hash names                           data directory entries
 *   u32 npools x (str name, i32 depth)
 *   u32 nnodes x (str path, u8 is_dir)
 *   u32 nrules x (str name, u32 file index or ~0, i32 line, i32 col,
 *                 str foreach_from, str foreach_key, str foreach_skip, str src)
 *   u32 nedges x (str name, u32 rule index or ~0, str command, str action, str with,
 *                 u32 n x u32 in, u32 n x u32 out, u32 n x u32 needs,
 *                 u32 n x str env, str depfile, u32 pool or ~0, f64 timeout,
 *                 str description, u32 flags, u32 executor, i32 cpus,
 *                 i64 mem, f64 time)
 *   u32 ndefaults x u32 rule index
 *   u32 nreads x str directory                        reads: (walked like
 *                                                      the workspace)
 *   str remote_cache                                  remote_cache:, or NULL
 *   u32 executor                                      the top-level executor:
 * where str is u32 length + bytes, length ~0 for NULL, and hash is 16 bytes.
 * A snapshot that fails any check is ignored (the manifest is loaded). */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "engine/filecache.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/htab.h"
#include "graph/load.h"
#include "base/path.h"
#include "engine/snapshot.h"
#include "engine/snapwatch.h"
#include "base/util.h"

#define SNAP_VERSION 5
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

static uint32_t index_of_file(struct graph *g, const char *file)
{
	size_t i;

	for (i = 0; file && i < g->nfiles; i++)
		if (g->files[i] == file || strcmp(g->files[i], file) == 0)
			return (uint32_t)i;
	return NONE;
}

static uint32_t rule_index(struct graph *g, struct rule *r)
{
	size_t i;

	for (i = 0; r && i < g->nrules; i++)
		if (g->rules[i] == r)
			return (uint32_t)i;
	return NONE;
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

static void put_pools_nodes_rules(struct buf *b, struct graph *g)
{
	size_t i;

	put_u32(b, (uint32_t)g->npools);
	for (i = 0; i < g->npools; i++) {
		put_str(b, g->pools[i]->name);
		put_u32(b, (uint32_t)g->pools[i]->depth);
	}
	put_u32(b, (uint32_t)g->nnodes);
	for (i = 0; i < g->nnodes; i++) {
		put_str(b, g->nodes[i]->path);
		buf_putc(b, g->nodes[i]->is_dir ? 1 : 0);
	}
	put_u32(b, (uint32_t)g->nrules);
	for (i = 0; i < g->nrules; i++) {
		struct rule *r = g->rules[i];

		put_str(b, r->name);
		put_u32(b, index_of_file(g, r->loc.file));
		put_u32(b, (uint32_t)r->loc.line);
		put_u32(b, (uint32_t)r->loc.col);
		put_str(b, r->foreach_from);
		put_str(b, r->foreach_key);
		put_str(b, r->foreach_skip);
		put_str(b, r->src);
	}
}

/* a count, then that many node ids */
static void put_nodes(struct buf *b, struct node **v, size_t n)
{
	size_t j;

	put_u32(b, (uint32_t)n);
	for (j = 0; j < n; j++)
		put_u32(b, (uint32_t)v[j]->id);
}

/* edge e, an instance of rule ri (NONE: none) */
static void put_edge(struct buf *b, struct edge *e, uint32_t ri)
{
	size_t j;

	put_str(b, e->name);
	put_u32(b, ri);
	put_str(b, e->command);
	put_str(b, e->action);
	put_str(b, e->with);
	put_nodes(b, e->in, e->nin);
	put_nodes(b, e->out, e->nout);
	put_u32(b, (uint32_t)e->nneeds);
	for (j = 0; j < e->nneeds; j++)
		put_u32(b, (uint32_t)e->needs[j]->id);
	put_u32(b, (uint32_t)e->nenv);
	for (j = 0; j < e->nenv; j++)
		put_str(b, e->env[j]);
	put_str(b, e->depfile);
	put_str(b, e->pool ? e->pool->name : NULL);
	buf_put(b, &e->timeout, sizeof(double));
	put_str(b, e->description);
	put_u32(b, e->flags);
	put_u32(b, e->executor);
	put_u32(b, (uint32_t)e->res.cpus);
	put_i64(b, e->res.mem);
	buf_put(b, &e->res.time, sizeof(double));
}

/* the graph itself: pools, nodes, rules, edges, defaults */
static void put_graph(struct buf *b, struct graph *g)
{
	uint32_t *ridx;
	size_t i, j;

	put_pools_nodes_rules(b, g);
	/* each edge's rule by index, found through the rules' instances */
	ridx = xmalloc((g->nedges + 1) * sizeof(ridx[0]));
	for (i = 0; i < g->nedges; i++)
		ridx[i] = NONE;
	for (i = 0; i < g->nrules; i++)
		for (j = 0; j < g->rules[i]->ninst; j++)
			ridx[g->rules[i]->inst[j]->id] = (uint32_t)i;
	put_u32(b, (uint32_t)g->nedges);
	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		put_edge(b, e, ridx[i] != NONE || !e->rule ? ridx[i] : rule_index(g, e->rule));
	}
	put_u32(b, (uint32_t)g->ndefaults);
	for (i = 0; i < g->ndefaults; i++)
		put_u32(b, rule_index(g, g->defaults[i]));
	put_u32(b, (uint32_t)g->nreads);
	for (i = 0; i < g->nreads; i++)
		put_str(b, g->reads[i]);
	put_str(b, g->remote_cache);
	put_u32(b, g->executor);
	free(ridx);
}

static char *snapshot_path(const char *statedir)
{
	return path_join(statedir, "graph.snapshot");
}

/* statedir as a canonical workspace path, or NULL when outside */
static char *inside(const char *statedir)
{
	char *d = xstrdup(statedir);

	path_clean(d);
	if (path_escapes(d) || strcmp(d, ".") == 0) {
		free(d);
		return NULL;
	}
	return d;
}

int snapshot_save(struct graph *g, const char *manifest, char **defines, size_t ndefines,
                  const char *statedir, const char *exe)
{
	struct buf b = BUF_INIT;
	char *path = snapshot_path(statedir), *dd = inside(statedir);
	struct hash h;
	uint32_t one = 0x01020304;
	int ret = -1;

	buf_put(&b, SNAP_MAGIC, 16);
	put_u32(&b, SNAP_VERSION);
	put_u32(&b, one);
	put_hash(&b, env_key(manifest, defines, ndefines, exe));
	put_i64(&b, wall_ns());
	if (put_files(&b, g) < 0)
		goto out;
	if (watch_dirs(&b, statedir, dd, g) < 0) {
		/* a stale snapshot must not outlive the one that was not written */
		unlink(path);
		goto out;
	}
	put_str(&b, dd ? dd : "");
	names_hash(dd ? dd : "/nonexistent/", &h);
	put_hash(&b, h);
	put_graph(&b, g);
	ret = write_file_atomic(path, b.s, b.len);
out:
	buf_free(&b);
	free(path);
	free(dd);
	return ret;
}

/* --- reading: streamed through a small window, so the file is never
 * held whole next to the graph it becomes; every read is bounds-checked,
 * and a short or odd file is invalid --- */

struct rd {
	FILE *f;
	char *buf;
	size_t cap, pos, len;
	size_t left;       /* bytes of the file not yet consumed */
	int bad;
};

/* make n bytes available at r->buf + r->pos */
static int need(struct rd *r, size_t n)
{
	if (r->bad)
		return -1;
	if (n > r->left) {
		r->bad = 1;
		return -1;
	}
	if (r->len - r->pos >= n)
		return 0;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	if (r->cap < n) {
		r->cap = n;
		r->buf = xrealloc(r->buf, r->cap);
	}
	r->len += fread(r->buf + r->len, 1, r->cap - r->len, r->f);
	if (r->len < n) {
		r->bad = 1;
		return -1;
	}
	return 0;
}

static int take(struct rd *r, void *out, size_t n)
{
	if (need(r, n) < 0) {
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, r->buf + r->pos, n);
	r->pos += n;
	r->left -= n;
	return 0;
}

static uint32_t get_u32(struct rd *r)
{
	uint32_t v;

	take(r, &v, sizeof(v));
	return v;
}

/* a count, then that many node ids, each linked to e by add (in or out) */
static void get_nodes(struct rd *r, struct graph *g, struct edge *e,
                      void (*add)(struct edge *, struct node *))
{
	uint32_t m = get_u32(r), j;

	for (j = 0; j < m && !r->bad; j++) {
		uint32_t id = get_u32(r);

		if (id >= g->nnodes)
			r->bad = 1;
		else
			add(e, g->nodes[id]);
	}
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

/* a string in the window (not NUL-terminated, valid until the next read):
 * its bytes and length; NULL for none */
static const char *get_raw(struct rd *r, uint32_t *len)
{
	const char *s;

	*len = get_u32(r);
	if (r->bad || *len == NONE)
		return NULL;
	if (need(r, *len) < 0)
		return NULL;
	s = r->buf + r->pos;
	r->pos += *len;
	r->left -= *len;
	return s;
}

static char *get_str(struct rd *r)
{
	uint32_t len;
	const char *s = get_raw(r, &len);

	return s ? xstrndup(s, len) : NULL;
}

/* the header and the checks; 0 when the snapshot still describes the workspace */
static int still_valid(struct rd *r, const char *manifest, char **defines, size_t ndefines,
                       const char *statedir, const char *exe, struct graph *g)
{
	char magic[16];
	uint32_t n, i, len;
	int64_t written;
	struct hash key, h;
	char *dd;

	take(r, magic, 16);
	if (r->bad || memcmp(magic, SNAP_MAGIC, 16) != 0 || get_u32(r) != SNAP_VERSION ||
	    get_u32(r) != 0x01020304)
		return -1;
	key = get_hash(r);
	if (r->bad || !hash_eq(key, env_key(manifest, defines, ndefines, exe)))
		return -1;
	written = get_i64(r);
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

		/* copied first: the next read may move the window under raw */
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
	return r->bad ? -1 : 0;
}

static void read_pools(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	g->pools = xcalloc((size_t)(n < 65536 ? n : 0) + 1, sizeof(g->pools[0]));
	for (i = 0; i < n && !r->bad && n < 65536; i++) {
		struct pool *p = xcalloc(1, sizeof(*p));

		p->name = get_str(r);
		p->depth = (int)get_u32(r);
		g->pools[g->npools++] = p;
	}
}

static void read_nodes(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	if (!r->bad && r->left >= n) {
		/* size the empty table once: no rehashing while 200,000 paths go in */
		htab_free(g->nodemap);
		g->nodemap = htab_new((size_t)n);
	}
	for (i = 0; i < n && !r->bad; i++) {
		uint32_t len;
		const char *s = get_raw(r, &len);
		unsigned char d = 0;
		struct node *nd;

		if (!s || r->bad) {
			r->bad = 1;
			break;
		}
		/* interned before the next read, which may move the window under s */
		nd = graph_node(g, s, len);
		take(r, &d, 1);
		if (r->bad || nd->id != g->nnodes - 1) {
			r->bad = 1;    /* a path twice */
			break;
		}
		nd->is_dir = d;
	}
}

static void read_rules(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	if (!r->bad && r->left >= n) {
		htab_free(g->rulemap);
		g->rulemap = htab_new((size_t)n);
	}
	for (i = 0; i < n && !r->bad; i++) {
		char *name = get_str(r);
		uint32_t fi = get_u32(r);
		struct loc loc;
		struct rule *ru;

		loc.file = fi < g->nfiles ? g->files[fi] : NULL;
		loc.line = (int)get_u32(r);
		loc.col = (int)get_u32(r);
		ru = name ? graph_add_rule(g, name, loc) : NULL;
		free(name);
		if (!ru) {
			r->bad = 1;
			break;
		}
		ru->foreach_from = get_str(r);
		ru->foreach_key = get_str(r);
		ru->foreach_skip = get_str(r);
		ru->src = get_str(r);
	}
}

/* e's needs, as ids among the n edges: stored as id + 1 until every edge
 * exists (link_needs), for they may point forward */
static void read_needs(struct rd *r, struct edge *e, uint32_t n)
{
	uint32_t m = get_u32(r), j;

	if (m > n)
		r->bad = 1;
	e->needs = r->bad || m == 0 ? NULL : xcalloc(m, sizeof(e->needs[0]));
	for (j = 0; j < m && !r->bad; j++) {
		uint32_t id = get_u32(r);

		e->needs[j] = (struct edge *)(uintptr_t)(id + 1);
		e->nneeds++;
		if (id >= n)
			r->bad = 1;
	}
}

/* one of the n edges */
static void read_edge(struct rd *r, struct graph *g, uint32_t n)
{
	char *name = get_str(r), *pool;
	uint32_t ri = get_u32(r), m, j;
	struct rule *ru = ri < g->nrules ? g->rules[ri] : NULL;
	struct edge *e = name && (ri == NONE || ru) ? graph_add_edge(g, ru, name) : NULL;

	free(name);
	if (!e) {
		r->bad = 1;
		return;
	}
	e->command = get_str(r);
	e->action = get_str(r);
	e->with = get_str(r);
	get_nodes(r, g, e, edge_add_in);
	get_nodes(r, g, e, edge_add_out);
	read_needs(r, e, n);
	m = get_u32(r);
	if (m > 65536)
		r->bad = 1;
	e->env = r->bad || m == 0 ? NULL : xcalloc(m, sizeof(e->env[0]));
	for (j = 0; j < m && !r->bad; j++) {
		e->env[j] = get_str(r);
		e->nenv++;
	}
	e->depfile = get_str(r);
	pool = get_str(r);
	if (pool && !(e->pool = graph_find_pool(g, pool)))
		r->bad = 1;
	free(pool);
	take(r, &e->timeout, sizeof(double));
	e->description = get_str(r);
	if (!e->description)
		e->description = xstrdup(e->name);
	e->flags = get_u32(r);
	e->executor = (unsigned char)get_u32(r);
	e->res.cpus = (int)get_u32(r);
	e->res.mem = get_i64(r);
	take(r, &e->res.time, sizeof(double));
}

static void read_edges(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	if (!r->bad && r->left >= n) {
		htab_free(g->edgemap);
		g->edgemap = htab_new((size_t)n);
	}
	for (i = 0; i < n && !r->bad; i++)
		read_edge(r, g, n);
}

/* the needs read as ids made edges; none at all in a bad snapshot, so
 * graph_free meets no id */
static void link_needs(struct rd *r, struct graph *g)
{
	size_t i, j;

	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		for (j = 0; j < e->nneeds; j++) {
			uintptr_t id = (uintptr_t)e->needs[j] - 1;

			e->needs[j] = !r->bad && id < g->nedges ? g->edges[id] : NULL;
		}
		if (r->bad)
			e->nneeds = 0;
	}
}

static void read_defaults(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	for (i = 0; i < n && !r->bad; i++) {
		uint32_t ri = get_u32(r);
		struct rule *ru = ri < g->nrules ? g->rules[ri] : NULL;

		if (!ru) {
			r->bad = 1;
			break;
		}
		g->defaults = xreallocarray(g->defaults, g->ndefaults + 1, sizeof(g->defaults[0]));
		g->defaults[g->ndefaults++] = ru;
	}
}

static void read_reads(struct rd *r, struct graph *g)
{
	uint32_t n = get_u32(r), i;

	for (i = 0; i < n && !r->bad; i++) {
		char *d = get_str(r);

		if (!d) {
			r->bad = 1;
			break;
		}
		graph_add_read(g, d);
		free(d);
	}
}

/* the graph after the checks; NULL (g freed) when the rest of the file is
 * not exactly one graph */
static struct graph *read_graph(struct rd *r, struct graph *g)
{
	g->loader = xstrdup(".");
	read_pools(r, g);
	read_nodes(r, g);
	read_rules(r, g);
	read_edges(r, g);
	link_needs(r, g);
	read_defaults(r, g);
	read_reads(r, g);
	g->remote_cache = get_str(r);
	g->executor = (unsigned char)get_u32(r);
	if (r->bad || r->left != 0) {
		graph_free(g);
		return NULL;
	}
	return g;
}

static struct graph *snapshot_read(const char *manifest, char **defines, size_t ndefines,
                                   const char *statedir, const char *exe)
{
	char *path = snapshot_path(statedir);
	struct rd r;
	struct stat st;
	struct graph *g;

	memset(&r, 0, sizeof(r));
	r.f = fopen(path, "rb");
	free(path);
	if (!r.f)
		return NULL;
	if (fstat(fileno(r.f), &st) < 0) {
		fclose(r.f);
		return NULL;
	}
	r.left = (size_t)st.st_size;
	r.cap = 1 << 16;
	r.buf = xmalloc(r.cap);
	g = graph_new();
	if (still_valid(&r, manifest, defines, ndefines, statedir, exe, g) == 0) {
		g = read_graph(&r, g);
	} else {
		graph_free(g);
		g = NULL;
	}
	free(r.buf);
	fclose(r.f);
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
