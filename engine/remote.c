/* remote.c: the remote cache's protocol.
 *
 *   URL/ac/KEY     an action entry; KEY is the remote key (remotekey.h),
 *                  64 hex digits of a SHA-256. Text, format 1:
 *                    "menace-remote 1\n"
 *                    "key KEY\n"                  the key it was stored under
 *                    "out SHA256 SIZE MODE LEN:PATH\n" per output, in the
 *                    rule's out order: the SHA-256 and size of its bytes, its
 *                    permission bits (octal), its workspace path
 *   URL/ac/DKEY    a deps entry, for a rule with a depfile: the depfile
 *                  inputs of the run stored last, so that a workspace that
 *                  never ran the rule (whose key therefore has no dep
 *                  lines) can compute the full key from its own files.
 *                  DKEY is the SHA-256 of "menace-remote-deps 1\n" and the
 *                  remote form of the key serialization without its dep
 *                  lines. Text, format 1:
 *                    "menace-remote-deps 1\n"
 *                    "key DKEY\n"
 *                    "dep LEN:PATH\n"             per depfile input, in order
 *                  Only clean workspace-relative paths are taken (at most
 *                  DEPS_MAX); anything else makes it a miss.
 *   URL/cas/SHA256 a blob: a file's bytes, named by their SHA-256
 *
 * Blobs are uploaded before the entry that names them, and an entry only
 * when all of its blobs were stored. Nothing downloaded is trusted: an
 * entry must name the key it was fetched under and exactly the rule's
 * outputs, and every blob must have its SHA-256 and size; a bad one is
 * reported once and the rule runs. Verified blobs go into the local cache
 * under their XXH3 name, then the local entry is written, so the local
 * cache restores the outputs as it restores its own. Rules with a
 * directory output are not kept in the remote cache. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "base/util.h"
#include "engine/key.h"
#include "engine/remote.h"
#include "engine/remotekey.h"

#define ENTRY_HEAD "menace-remote 1\n"
#define DEPS_HEAD "menace-remote-deps 1\n"
#define DEPS_MAX 100000

/* one output as an entry names it */
struct rout {
	struct sha256 d;
	long long size;
	unsigned mode;
	char *path;
	struct hash h;            /* upload: its local blob */
};

/* an upload waiting for remote_flush */
struct upload {
	char key[SHA256_HEX];
	struct buf entry;
	char dkey[SHA256_HEX];    /* its deps entry's key, when deps.len */
	struct buf deps;
	struct rout *o;
	size_t n;
};

struct remote {
	struct http *http;
	struct cache *local;
	int mode;
	struct remotekey_memo *memo;
	struct upload *up;
	size_t nup;
	struct remote_stats st;
	const char *sep;          /* "/" between the URL and "ac/..." unless it ends with one */
	char **reported;          /* blobs and entries reported as bad, once each */
	size_t nreported;
};

struct remote *remote_open(const struct remote_opts *o, struct cache *local, char **why)
{
	struct remote *r;

	if (sha256_load(why) < 0)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	if (!(r->http = http_new(o->url, &o->http, why))) {
		free(r);
		return NULL;
	}
	r->local = local;
	r->mode = o->mode;
	r->sep = http_url(r->http)[strlen(http_url(r->http)) - 1] == '/' ? "" : "/";
	r->memo = remotekey_memo_new();
	return r;
}

static void routs_free(struct rout *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(o[i].path);
	free(o);
}

void remote_free(struct remote *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nup; i++) {
		buf_free(&r->up[i].entry);
		buf_free(&r->up[i].deps);
		routs_free(r->up[i].o, r->up[i].n);
	}
	free(r->up);
	for (i = 0; i < r->nreported; i++)
		free(r->reported[i]);
	free(r->reported);
	remotekey_memo_free(r->memo);
	http_free(r->http);
	free(r);
}

int remote_mode(const struct remote *r)
{
	return r->mode;
}

const char *remote_url(const struct remote *r)
{
	return http_url(r->http);
}

void remote_get_stats(const struct remote *r, struct remote_stats *st)
{
	*st = r->st;
	st->errors = http_failures(r->http);
}

size_t remote_pending(const struct remote *r)
{
	return r->nup;
}

/* warn about the bad download path once */
static void report_bad(struct remote *r, const char *path, const char *what)
{
	size_t i;

	for (i = 0; i < r->nreported; i++)
		if (strcmp(r->reported[i], path) == 0)
			return;
	r->reported = xreallocarray(r->reported, r->nreported + 1, sizeof(r->reported[0]));
	r->reported[r->nreported++] = xstrdup(path);
	warn("remote cache %s '%s%s%s' %s: not used", path[0] == 'a' ? "entry" : "blob",
	     remote_url(r), r->sep, path, what);
}

/* a "LEN:BYTES\n" field at p (before e): its bytes into *s and *n, and
 * the position after its newline; NULL when it is not one */
static const char *len_field(const char *p, const char *e, const char **s, size_t *n)
{
	char *end;
	unsigned long long len = strtoull(p, &end, 10);

	if (end == p || *end != ':' || (unsigned long long)(e - end - 1) < len + 1 || end[1 + len] != '\n')
		return NULL;
	*s = end + 1;
	*n = (size_t)len;
	return end + 2 + len;
}

/* parse an entry fetched under key for the outputs out[0..n); 0 or -1 */
static int entry_parse(const char *text, size_t len, const char *key, struct node **out, size_t n,
                       struct rout **res)
{
	const char *p = text, *e = text + len;
	struct rout *o = xcalloc(n + 1, sizeof(o[0]));
	size_t i;

	if (len < strlen(ENTRY_HEAD) + 69 || memcmp(p, ENTRY_HEAD, strlen(ENTRY_HEAD)) != 0)
		goto bad;
	p += strlen(ENTRY_HEAD);
	if (memcmp(p, "key ", 4) != 0 || memcmp(p + 4, key, 64) != 0 || p[68] != '\n')
		goto bad;
	p += 69;
	for (i = 0; i < n; i++) {
		char hex[SHA256_HEX], *end;
		const char *path;
		size_t plen;

		if (e - p < 4 + 65 || memcmp(p, "out ", 4) != 0 || p[68] != ' ')
			goto bad;
		memcpy(hex, p + 4, 64);
		hex[64] = '\0';
		if (sha256_parse(hex, &o[i].d) < 0)
			goto bad;
		p += 69;
		o[i].size = strtoll(p, &end, 10);
		if (end == p || *end != ' ' || o[i].size < 0 || e - end < 2)
			goto bad;
		p = end + 1;
		o[i].mode = (unsigned)strtoul(p, &end, 8);
		if (end == p || *end != ' ' || o[i].mode > 07777)
			goto bad;
		if (!(p = len_field(end + 1, e, &path, &plen)) || plen != out[i]->pathlen || out[i]->is_dir ||
		    memcmp(path, out[i]->path, plen) != 0)
			goto bad;
	}
	if (p != e)
		goto bad;
	*res = o;
	return 0;
bad:
	free(o);
	return -1;
}

/* a blob downloaded to tmp: its SHA-256 and size must be o's; into the
 * local cache, with its XXH3 name in o->h; 0, or -1 (tmp removed) */
static int adopt(struct remote *r, const char *tmp, struct rout *o)
{
	struct sha256 d;
	long long size;
	char hex[SHA256_HEX], *path;

	if (remotekey_file(tmp, &o->h, &d, &size) < 0 || !sha256_eq(d, o->d) || size != o->size) {
		sha256_hex(o->d, hex);
		path = xasprintf("cas/%s", hex);
		report_bad(r, path, "does not match its SHA-256");
		free(path);
		unlink(tmp);
		return -1;
	}
	r->st.bytes_down += size;
	return cache_adopt_blob(r->local, tmp, o->h);
}

/* one want being fetched */
struct fetch {
	struct remote_want *w;
	char key[SHA256_HEX];
	char *acpath;
	struct rout *o;
	size_t first;             /* its blobs in the blob transfers */
	char **tmp;
};

/* phase 1: the remote key and the entry of each want */
static size_t fetch_entries(struct remote *r, struct remote_want *w, size_t n, struct fetch *f)
{
	struct http_xfer *x = xcalloc(n + 1, sizeof(x[0]));
	struct buf ser = BUF_INIT;
	size_t i, k = 0, *at = xcalloc(n + 1, sizeof(at[0]));
	struct sha256 key;

	for (i = 0; i < n; i++) {
		size_t j;

		w[i].got = 0;
		f[i].w = &w[i];
		for (j = 0; j < w[i].nout && !w[i].out[j]->is_dir; j++)
			;
		buf_reset(&ser);
		if (j < w[i].nout || remotekey(r->memo, w[i].ser, w[i].len, &ser, &key) < 0)
			continue;
		sha256_hex(key, f[i].key);
		f[i].acpath = xasprintf("%sac/%s", r->sep, f[i].key);
		x[k].op = HTTP_GET;
		x[k].path = f[i].acpath;
		at[k++] = i;
	}
	buf_free(&ser);
	http_run(r->http, x, k);
	for (i = 0; i < k; i++) {
		struct fetch *fi = &f[at[i]];

		if (x[i].result == 0 && entry_parse(x[i].body.s ? x[i].body.s : "", x[i].body.len, fi->key,
		                                    fi->w->out, fi->w->nout, &fi->o) < 0)
			report_bad(r, fi->acpath + strlen(r->sep), "is malformed or not this rule's");
		buf_free(&x[i].body);
	}
	free(x);
	free(at);
	return k;
}

/* phase 2: every blob of the entries found, then each complete want into the local cache */
static void fetch_blobs(struct remote *r, struct fetch *f, size_t n)
{
	struct http_xfer *x = NULL;
	size_t nx = 0, i, j;

	for (i = 0; i < n; i++) {
		if (!f[i].o)
			continue;
		f[i].first = nx;
		f[i].tmp = xcalloc(f[i].w->nout + 1, sizeof(f[i].tmp[0]));
		x = xreallocarray(x, nx + f[i].w->nout + 1, sizeof(x[0]));
		for (j = 0; j < f[i].w->nout; j++, nx++) {
			char hex[SHA256_HEX];

			memset(&x[nx], 0, sizeof(x[nx]));
			sha256_hex(f[i].o[j].d, hex);
			x[nx].op = HTTP_GET;
			x[nx].path = xasprintf("%scas/%s", r->sep, hex);
			x[nx].to = cache_tmp_open(r->local, &f[i].tmp[j]);
			if (!x[nx].to)
				x[nx].op = HTTP_HEAD;   /* cannot be stored: only its status */
		}
	}
	http_run(r->http, x, nx);
	for (i = 0; i < n; i++) {
		struct cache_line *lines;
		int ok = 1;

		if (!f[i].o)
			continue;
		lines = xcalloc(f[i].w->nout + 1, sizeof(lines[0]));
		for (j = 0; j < f[i].w->nout; j++) {
			struct http_xfer *xj = &x[f[i].first + j];

			if (xj->to && fclose(xj->to) != 0)
				xj->result = -1;
			if (xj->result == 1)
				report_bad(r, xj->path + strlen(r->sep), "is missing");
			if (ok && (xj->result != 0 || !xj->to || adopt(r, f[i].tmp[j], &f[i].o[j]) < 0))
				ok = 0;
			lines[j].kind = f[i].o[j].mode & 0100 ? 'x' : 'f';
			lines[j].h = f[i].o[j].h;
			lines[j].path = f[i].w->out[j]->path;
			lines[j].len = f[i].w->out[j]->pathlen;
			if (f[i].tmp[j])
				unlink(f[i].tmp[j]);
			free(f[i].tmp[j]);
			free((char *)xj->path);
		}
		if (ok && cache_put_entry(r->local, key_hash(f[i].w->ser, f[i].w->len), lines,
		                          f[i].w->nout) == 0)
			f[i].w->got = 1;
		free(lines);
		free(f[i].tmp);
	}
	free(x);
}

/* the key of the deps entry of ser[0..base) (the serialization without
 * its dep lines) into hex; 0, or -1 when its files cannot be read */
static int deps_key(struct remote *r, const char *ser, size_t base, char hex[SHA256_HEX])
{
	struct buf kser = BUF_INIT;
	struct sha256_ctx *c;
	struct sha256 key;
	int rc = remotekey(r->memo, ser, base, &kser, &key);

	if (rc == 0) {
		c = sha256_new();
		sha256_update(c, DEPS_HEAD, strlen(DEPS_HEAD));
		sha256_update(c, kser.s, kser.len);
		sha256_hex(sha256_final(c), hex);
	}
	buf_free(&kser);
	return rc;
}

/* a depfile input a deps entry may name: workspace-relative and clean */
static int dep_path_ok(const char *p, size_t len)
{
	char *c;
	int ok;

	if (!len || p[0] == '/' || memchr(p, '\0', len) || memchr(p, '\n', len))
		return 0;
	c = xstrndup(p, len);
	path_clean(c);
	ok = strlen(c) == len && memcmp(c, p, len) == 0 && !path_escapes(c);
	free(c);
	return ok;
}

/* parse the deps entry fetched under key into w; 0 or -1 */
static int deps_parse(const char *text, size_t len, const char *key, struct remote_want *w)
{
	const char *p = text, *e = text + len;
	char **v = NULL;
	size_t n = 0, cap = 0, i;

	if (len < strlen(DEPS_HEAD) + 69 || memcmp(p, DEPS_HEAD, strlen(DEPS_HEAD)) != 0)
		return -1;
	p += strlen(DEPS_HEAD);
	if (memcmp(p, "key ", 4) != 0 || memcmp(p + 4, key, 64) != 0 || p[68] != '\n')
		return -1;
	for (p += 69; p < e; n++) {
		const char *path;
		size_t plen;

		if (n >= DEPS_MAX || e - p < 7 || memcmp(p, "dep ", 4) != 0 || p[4] < '0' || p[4] > '9' ||
		    !(p = len_field(p + 4, e, &path, &plen)) || !dep_path_ok(path, plen))
			goto bad;
		growarray(&v, &cap, n + 1, sizeof(v[0]));
		v[n] = xstrndup(path, plen);
	}
	if (!n)
		goto bad;
	w->deps = v;
	w->ndeps = n;
	return 0;
bad:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -1;
}

void remote_fetch_deps(struct remote *r, struct remote_want *w, size_t n)
{
	struct http_xfer *x = xcalloc(n + 1, sizeof(x[0]));
	char (*keys)[SHA256_HEX] = xcalloc(n + 1, sizeof(keys[0]));
	size_t i, k = 0, *at = xcalloc(n + 1, sizeof(at[0]));

	for (i = 0; i < n; i++) {
		w[i].deps = NULL;
		w[i].ndeps = 0;
	}
	for (i = 0; (r->mode & REMOTE_READ) && http_usable(r->http) && i < n; i++) {
		if (!w[i].want_deps || deps_key(r, w[i].ser, w[i].len, keys[k]) < 0)
			continue;
		x[k].op = HTTP_GET;
		x[k].path = xasprintf("%sac/%s", r->sep, keys[k]);
		at[k++] = i;
	}
	http_run(r->http, x, k);
	for (i = 0; i < k; i++) {
		if (x[i].result == 0 && deps_parse(x[i].body.s ? x[i].body.s : "", x[i].body.len, keys[i],
		                                   &w[at[i]]) < 0)
			report_bad(r, x[i].path + strlen(r->sep), "is malformed or not this rule's");
		buf_free(&x[i].body);
		free((char *)x[i].path);
	}
	free(at);
	free(keys);
	free(x);
}

void remote_fetch(struct remote *r, struct remote_want *w, size_t n)
{
	struct fetch *f = xcalloc(n + 1, sizeof(f[0]));
	size_t i;

	if (!(r->mode & REMOTE_READ) || !http_usable(r->http)) {
		for (i = 0; i < n; i++)
			w[i].got = 0;
		r->st.misses += (long long)n;
		free(f);
		return;
	}
	fetch_entries(r, w, n, f);
	fetch_blobs(r, f, n);
	for (i = 0; i < n; i++) {
		if (w[i].got)
			r->st.hits++;
		else
			r->st.misses++;
		free(f[i].acpath);
		free(f[i].o);
	}
	free(f);
}

/* u's deps entry for ser[0..base) and deps[0..ndeps): none when a path
 * could not be taken by another workspace */
static void queue_deps(struct remote *r, struct upload *u, const char *ser, size_t base,
                       char *const *deps, size_t ndeps)
{
	size_t i;

	if (!ndeps || ndeps > DEPS_MAX)
		return;
	for (i = 0; i < ndeps; i++)
		if (!dep_path_ok(deps[i], strlen(deps[i])))
			return;
	if (deps_key(r, ser, base, u->dkey) < 0)
		return;
	buf_printf(&u->deps, "%skey %s\n", DEPS_HEAD, u->dkey);
	for (i = 0; i < ndeps; i++)
		buf_printf(&u->deps, "dep %zu:%s\n", strlen(deps[i]), deps[i]);
}

void remote_queue(struct remote *r, const char *ser, size_t len, size_t base, char *const *deps,
                  size_t ndeps, struct node **out, const struct hash *hashes, size_t n)
{
	struct upload u;
	struct buf kser = BUF_INIT;
	struct sha256 key;
	size_t i;

	if (!(r->mode & REMOTE_WRITE) || !http_usable(r->http))
		return;
	for (i = 0; i < n; i++)
		if (out[i]->is_dir)
			return;
	memset(&u, 0, sizeof(u));
	if (remotekey(r->memo, ser, len, &kser, &key) < 0) {
		buf_free(&kser);
		return;
	}
	buf_free(&kser);
	sha256_hex(key, u.key);
	u.o = xcalloc(n + 1, sizeof(u.o[0]));
	u.n = n;
	buf_printf(&u.entry, "%skey %s\n", ENTRY_HEAD, u.key);
	for (i = 0; i < n; i++) {
		char *blob = cache_blob_path(cache_root(r->local), hashes[i]), hex[SHA256_HEX];
		struct stat st;
		int rc = lstat(out[i]->path, &st) < 0 ? -1 : sha256_file(blob, &u.o[i].d, &u.o[i].size);

		u.o[i].path = blob;
		u.o[i].h = hashes[i];
		if (rc < 0) {
			buf_free(&u.entry);
			routs_free(u.o, n);
			return;
		}
		u.o[i].mode = (unsigned)(st.st_mode & 07777);
		sha256_hex(u.o[i].d, hex);
		buf_printf(&u.entry, "out %s %lld %04o %zu:%s\n", hex, u.o[i].size, u.o[i].mode,
		           out[i]->pathlen, out[i]->path);
	}
	if (base < len)
		queue_deps(r, &u, ser, base, deps, ndeps);
	r->up = xreallocarray(r->up, r->nup + 1, sizeof(r->up[0]));
	r->up[r->nup++] = u;
}

void remote_flush(struct remote *r)
{
	struct http_xfer *x = NULL, *ex;
	size_t nx = 0, i, j, k, *first = xcalloc(r->nup + 1, sizeof(first[0]));

	for (i = 0; i < r->nup; i++) {
		first[i] = nx;
		x = xreallocarray(x, nx + r->up[i].n + 1, sizeof(x[0]));
		for (j = 0; j < r->up[i].n; j++, nx++) {
			char hex[SHA256_HEX];

			memset(&x[nx], 0, sizeof(x[nx]));
			sha256_hex(r->up[i].o[j].d, hex);
			x[nx].op = HTTP_PUT;
			x[nx].path = xasprintf("%scas/%s", r->sep, hex);
			x[nx].from = r->up[i].o[j].path;
		}
	}
	http_run(r->http, x, nx);
	ex = xcalloc(2 * r->nup + 1, sizeof(ex[0]));
	for (i = k = 0; i < r->nup; i++) {
		int ok = 1;

		for (j = 0; j < r->up[i].n; j++) {
			struct http_xfer *xj = &x[first[i] + j];

			if (xj->result != 0)
				ok = 0;
			else
				r->st.bytes_up += xj->bytes;
			free((char *)xj->path);
		}
		if (!ok)
			continue;
		ex[k].op = HTTP_PUT;
		ex[k].path = xasprintf("%sac/%s", r->sep, r->up[i].key);
		ex[k].data = r->up[i].entry.s;
		ex[k].len = r->up[i].entry.len;
		k++;
		if (r->up[i].deps.len) {
			ex[k].op = HTTP_PUT;
			ex[k].path = xasprintf("%sac/%s", r->sep, r->up[i].dkey);
			ex[k].data = r->up[i].deps.s;
			ex[k].len = r->up[i].deps.len;
			k++;
		}
	}
	http_run(r->http, ex, k);
	for (i = 0; i < k; i++) {
		if (ex[i].result == 0)
			r->st.bytes_up += ex[i].bytes;
		free((char *)ex[i].path);
	}
	for (i = 0; i < r->nup; i++) {
		buf_free(&r->up[i].entry);
		buf_free(&r->up[i].deps);
		routs_free(r->up[i].o, r->up[i].n);
	}
	r->nup = 0;
	free(ex);
	free(x);
	free(first);
}
