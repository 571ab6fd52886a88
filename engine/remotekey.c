/* remotekey.c: the key serialization rewritten with SHA-256 digests. The
 * lines are parsed as key.c writes them: a tag, then fields that are
 * either "LEN:BYTES" or a bare token; in "in", "need" and "dep" lines the
 * last field is the content hash of the path in the field before it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "base/htab.h"
#include "base/util.h"
#include "engine/cache.h"
#include "engine/filecache.h"
#include "engine/remotekey.h"

struct memo_val {
	struct hash h;
	struct sha256 d;
};

struct remotekey_memo {
	struct htab *t;           /* path -> struct memo_val */
	char **keys;
	size_t nkeys;
};

struct remotekey_memo *remotekey_memo_new(void)
{
	struct remotekey_memo *m = xcalloc(1, sizeof(*m));

	m->t = htab_new(64);
	return m;
}

void remotekey_memo_free(struct remotekey_memo *m)
{
	size_t i = 0, len;
	const char *k;
	void *v;

	if (!m)
		return;
	while (htab_next(m->t, &i, &k, &len, &v))
		free(v);
	htab_free(m->t);
	for (i = 0; i < m->nkeys; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m);
}

/* the SHA-256 listing of the tree dir, whose XXH3 listing must hash to h */
static int tree_digest(struct remotekey_memo *m, const char *dir, struct hash h, struct sha256 *d)
{
	struct buf list = BUF_INIT, out = BUF_INIT;
	const char *p, *end;
	struct cache_line l;
	char hex[SHA256_HEX];
	int rc = 0;

	if (tree_listing(dir, &list) < 0 || !hash_eq(hash_bytes(list.s, list.len), h)) {
		buf_free(&list);
		return -1;
	}
	buf_puts(&out, "menace-tree-sha256 1\n");
	p = strchr(list.s, '\n') + 1;
	end = list.s + list.len;
	while (rc == 0 && (rc = cache_line_next(&p, end, &l)) == 0) {
		char *full = xasprintf("%s/%.*s", dir, (int)l.len, l.path);
		struct sha256 fd;

		if (l.kind == 'l') {
			char target[4096];
			ssize_t tl = readlink(full, target, sizeof(target));

			if (tl < 0 || !hash_eq(hash_bytes(target, (size_t)tl), l.h))
				rc = -1;
			else
				fd = sha256_bytes(target, (size_t)tl);
		} else {
			rc = remotekey_digest(m, full, l.h, &fd);
		}
		free(full);
		if (rc == 0) {
			sha256_hex(fd, hex);
			buf_printf(&out, "%c %s %zu:", l.kind, hex, l.len);
			buf_put(&out, l.path, l.len);
			buf_putc(&out, '\n');
		}
	}
	if (rc >= 0)
		*d = sha256_bytes(out.s, out.len);
	buf_free(&list);
	buf_free(&out);
	return rc < 0 ? -1 : 0;
}

int remotekey_file(const char *path, struct hash *h, struct sha256 *d, long long *size)
{
	static char buf[128 << 10];
	XXH3_state_t *x = XXH3_createState();
	struct sha256_ctx *c = sha256_new();
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	long long total = 0;

	if (!x)
		die(EXIT_FAILED, "out of memory");
	XXH3_128bits_reset(x);
	for (;;) {
		ssize_t r = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			ret = r < 0 ? -1 : 0;
			break;
		}
		XXH3_128bits_update(x, buf, (size_t)r);
		sha256_update(c, buf, (size_t)r);
		total += r;
	}
	{
		XXH128_hash_t v = XXH3_128bits_digest(x);

		h->lo = v.low64;
		h->hi = v.high64;
	}
	*d = sha256_final(c);
	XXH3_freeState(x);
	if (fd >= 0)
		close(fd);
	if (size)
		*size = total;
	return ret;
}

int remotekey_digest(struct remotekey_memo *m, const char *path, struct hash h, struct sha256 *d)
{
	struct memo_val *v = htab_get(m->t, path, strlen(path));
	struct stat st;
	struct hash got;

	if (v && hash_eq(v->h, h)) {
		*d = v->d;
		return 0;
	}
	if (stat(path, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		if (tree_digest(m, path, h, d) < 0)
			return -1;
	} else if (remotekey_file(path, &got, d, NULL) < 0 || !hash_eq(got, h)) {
		return -1;
	}
	if (!v) {
		char *k = xstrdup(path);

		m->keys = xreallocarray(m->keys, m->nkeys + 1, sizeof(m->keys[0]));
		m->keys[m->nkeys++] = k;
		v = xcalloc(1, sizeof(*v));
		*htab_put(m->t, k, strlen(k)) = v;
	}
	v->h = h;
	v->d = *d;
	return 0;
}

/* one field at *p (after its space): bytes in [*s, *s + *n); 0, or -1 */
static int next_field(const char **p, const char *e, const char **s, size_t *n)
{
	const char *q = *p;
	size_t len = 0;

	while (q < e && *q >= '0' && *q <= '9')
		len = len * 10 + (size_t)(*q++ - '0');
	if (q < e && *q == ':' && q > *p) {
		if ((size_t)(e - q - 1) < len)
			return -1;
		*s = q + 1;
		*n = len;
		*p = q + 1 + len;
		return 0;
	}
	for (q = *p; q < e && *q != ' ' && *q != '\n'; q++)
		;
	*s = *p;
	*n = (size_t)(q - *p);
	*p = q;
	return 0;
}

/* copy one line at *p to out, its hash field rewritten; 0 or -1 */
static int rewrite_line(struct remotekey_memo *m, const char **p, const char *e, struct buf *out)
{
	const char *line = *p, *q = *p, *f[4] = {NULL}, *hashat = NULL;
	size_t fl[4] = {0}, nf = 0, taglen;
	int hashed;

	while (q < e && *q != ' ' && *q != '\n')
		q++;
	taglen = (size_t)(q - line);
	hashed = (taglen == 2 && !memcmp(line, "in", 2)) || (taglen == 4 && !memcmp(line, "need", 4)) ||
	         (taglen == 3 && !memcmp(line, "dep", 3));
	while (q < e && *q == ' ') {
		const char *s;
		size_t n;

		q++;
		if (next_field(&q, e, &s, &n) < 0)
			return -1;
		if (nf < 4) {
			f[nf] = s;
			fl[nf] = n;
		}
		nf++;
		hashat = s;
	}
	if (q >= e || *q != '\n')
		return -1;
	q++;
	if (hashed && nf >= 2 && nf <= 4 && fl[nf - 1] == 32) {
		char hex[HASH_HEX], sh[SHA256_HEX], *path = xstrndup(f[nf - 2], fl[nf - 2]);
		struct hash h;
		struct sha256 d;
		int rc;

		memcpy(hex, f[nf - 1], 32);
		hex[32] = '\0';
		rc = hash_parse(hex, &h) < 0 ? -1 : remotekey_digest(m, path, h, &d);
		free(path);
		if (rc < 0)
			return -1;
		sha256_hex(d, sh);
		buf_put(out, line, (size_t)(hashat - line));
		buf_puts(out, sh);
		buf_putc(out, '\n');
	} else {
		buf_put(out, line, (size_t)(q - line));
	}
	*p = q;
	return 0;
}

int remotekey(struct remotekey_memo *m, const char *ser, size_t len, struct buf *out, struct sha256 *key)
{
	const char *p = ser, *e = ser + len;
	size_t start = out->len;

	while (p < e)
		if (rewrite_line(m, &p, e, out) < 0)
			return -1;
	*key = sha256_bytes(out->s + start, out->len - start);
	return 0;
}
