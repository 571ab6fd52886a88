/* cache.c: the local cache: its format, storing, looking up and restoring
 * (garbage collection is in cachegc.c).
 *
 * Layout, format 4 (STATEDIR/cache/):
 *
 *   entries.db     the entries (acstore.h), a row per key: the outputs of a
 *                  successful run whose key is KEYHEX (32 hex digits), text:
 *                    "menace-cache 3\n"
 *                    "KIND HEX LEN:PATH\n" per output in the rule's out order;
 *                    KIND f (file), x (executable file), d (directory tree);
 *                    HEX the output's content hash, which names its blob;
 *                    or "KIND HEX LEN:PATH SIZE:BYTES\n", KIND F (file) or X
 *                    (executable file) of at most CACHE_INLINE_MAX bytes,
 *                    which are there, not in a blob
 *                    "sum HEX\n": cache_entry_sum() of KEYHEX and the lines
 *                    above, binding the entry to its key
 *                  Format 2 (no F or X lines) is read too.
 *                  An entry whose sum does not match (edited, or copied from
 *                  another key's row) is reported once and not used; one of
 *                  another format (1) is a miss. Its row holds its last
 *                  use (store or restore): gc drops the least recently
 *                  used entries first, and damaged or foreign ones.
 *                  (Format 3 kept each entry in a file ac/KEYHEX: no longer
 *                  read; gc removes them.)
 *   cas/HH/HEX     a blob named by the XXH3-128 of its bytes (HH: the first
 *                  two hex digits): a file's contents, a directory's tree
 *                  listing (tree_listing in filecache.h, whose hash is the
 *                  tree hash) or a symlink's target. Read-only (0444).
 *   tmp/           blobs being written; renamed into cas/ when complete
 *
 * Blobs are written to a temporary name and renamed, so a crash leaves a
 * blob whole or absent; an entry is written in a transaction after its
 * blobs, and committed in batches (cache_flush). Outputs are copied out
 * of the cache, never hardlinked: a command that later writes its output
 * in place (`>>`) would otherwise change the blob. Every blob is hashed
 * while it is copied out; a blob whose bytes do not match its name (the
 * content hash its entry records) is removed and the rule runs.
 *
 * The sum detects swapped, copied and edited entries, not a deliberate
 * forger who recomputes it: whoever can write the cache can write the
 * outputs themselves. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "base/buf.h"
#include "engine/acstore.h"
#include "engine/cache.h"
#include "engine/filecache.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"

#define ENTRY_FORMAT 3     /* of an entry's text; the layout is format 4 */
#define ENTRY_MAGIC "menace-cache "
#define ENTRY_HEAD ENTRY_MAGIC STR(ENTRY_FORMAT) "\n"
#define ENTRY_HEAD2 ENTRY_MAGIC "2\n"

struct cache {
	char *root;           /* STATEDIR/cache */
	struct acstore *ac;   /* the entries, once opened (entries()) */
	int ac_tried;         /* opening them to read failed: they are absent */
	int ac_failed;        /* opening them to write failed (warned once) */
	mode_t umask;
	struct hash *rejected;    /* keys whose entry was reported as not used */
	size_t nrejected;
};

struct cache *cache_open(const char *statedir)
{
	struct cache *c = xcalloc(1, sizeof(*c));

	c->root = path_join(statedir, "cache");
	c->umask = umask(0);
	umask(c->umask);
	return c;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	acstore_close(c->ac);
	free(c->root);
	free(c->rejected);
	free(c);
}

/* the entries, to read (NULL: there are none) or to write (NULL after a
 * warning); opened the first time, and again to write after reading */
static struct acstore *entries(struct cache *c, int write)
{
	if (c->ac && (!write || acstore_writable(c->ac)))
		return c->ac;
	if (write) {
		if (c->ac_failed)
			return NULL;
		acstore_close(c->ac);
		if (!(c->ac = acstore_open(c->root, 1)))
			c->ac_failed = 1;
		return c->ac;
	}
	if (c->ac_tried)
		return NULL;
	c->ac_tried = 1;
	return c->ac = acstore_open(c->root, 0);
}

int cache_flush(struct cache *c)
{
	return c->ac ? acstore_commit(c->ac) : 0;
}

char *cache_blob_path(const char *root, struct hash h)
{
	char hex[HASH_HEX];

	hash_hex(h, hex);
	return xasprintf("%s/cas/%.2s/%s", root, hex, hex);
}

static struct hash from_xxh(XXH128_hash_t h)
{
	struct hash r = {h.low64, h.high64};

	return r;
}

/* copy in to out (out < 0: only hash), hashing the bytes; 0 or -1 with errno */
static int copy_hashed(int in, int out, struct hash *h)
{
	static char buf[128 << 10];
	XXH3_state_t *st = XXH3_createState();
	int ret = 0;

	if (!st)
		die(EXIT_FAILED, "out of memory");
	XXH3_128bits_reset(st);
	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf)), w, off = 0;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -1;
			break;
		}
		if (r == 0)
			break;
		XXH3_128bits_update(st, buf, (size_t)r);
		while (out >= 0 && off < r) {
			w = write(out, buf + off, (size_t)(r - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				ret = -1;
				break;
			}
			off += w;
		}
		if (ret < 0)
			break;
	}
	*h = from_xxh(XXH3_128bits_digest(st));
	XXH3_freeState(st);
	return ret;
}

/* store bytes as the blob h */
static int put_blob_bytes(struct cache *c, struct hash h, const void *p, size_t len)
{
	char *path = cache_blob_path(c->root, h);
	int ret = 0;

	if (access(path, F_OK) != 0)
		ret = write_file_atomic(path, p, len);
	if (ret == 0)
		chmod(path, 0444);
	free(path);
	return ret;
}

/* store the file src, which must hash to h; 0, 1 when it changed, -1 */
static int put_blob_file(struct cache *c, const char *src, struct hash h)
{
	char *path = cache_blob_path(c->root, h), *tmp = NULL;
	struct hash got;
	int in = -1, out = -1, ret = 0;

	if (access(path, F_OK) == 0)
		goto done;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		ret = error("cannot read '%s':", src);
		goto done;
	}
	tmp = xasprintf("%s/tmp/blob.XXXXXX", c->root);
	if (mkdir_parents(tmp) < 0 || (out = mkstemp(tmp)) < 0) {
		ret = error("cannot write in the cache '%s':", c->root);
		free(tmp);
		tmp = NULL;
		goto done;
	}
	if (copy_hashed(in, out, &got) < 0) {
		ret = error("cannot copy '%s' into the cache:", src);
		goto done;
	}
	if (!hash_eq(got, h)) {
		ret = 1;    /* written to since it was hashed: not stored */
		goto done;
	}
	fchmod(out, 0444);
	if (close(out) < 0) {
		out = -1;
		ret = error("cannot write in the cache '%s':", c->root);
		goto done;
	}
	out = -1;
	if (mkdir_parents(path) < 0 || rename(tmp, path) < 0) {
		ret = error("cannot write '%s':", path);
		goto done;
	}
	free(tmp);
	tmp = NULL;
done:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(path);
	return ret;
}

/* the verified bytes of blob h, or NULL (absent, or corrupt and removed) */
static char *read_blob(struct cache *c, struct hash h, size_t *len)
{
	char *path = cache_blob_path(c->root, h);
	char *data = read_file(path, len);

	if (data && !hash_eq(hash_bytes(data, *len), h)) {
		warn("cache blob '%s' is corrupt: removed", path);
		unlink(path);
		free(data);
		data = NULL;
	}
	free(path);
	return data;
}

/* rename the complete file tmp over dst, whatever dst is; 0 or -1 */
static int replace_with(const char *tmp, const char *dst)
{
	struct stat st;

	if (lstat(dst, &st) == 0 && S_ISDIR(st.st_mode) && remove_tree(dst) < 0)
		return -1;
	if (rename(tmp, dst) < 0)
		return error("cannot write '%s':", dst);
	return 0;
}

/* write an entry's inline bytes l->data to l's path (replacing it), when
 * they hash to l->h; 0, 1 when they do not, -1 */
static int put_inline(struct cache *c, const struct cache_line *l, const char *dst)
{
	char *tmp;
	int fd, ret = 0;

	if (!hash_eq(hash_bytes(l->data, l->size), l->h))
		return 1;
	tmp = xasprintf("%s.menace-tmp.XXXXXX", dst);
	if ((fd = mkstemp(tmp)) < 0) {
		ret = error("cannot write '%s':", tmp);
		free(tmp);
		return ret;
	}
	fchmod(fd, (l->kind == 'X' ? 0777 : 0666) & ~c->umask);
	if (write_all(fd, l->data, l->size) < 0) {
		ret = error("cannot write '%s':", tmp);
		close(fd);
	} else if (close(fd) < 0) {
		ret = error("cannot write '%s':", tmp);
	} else {
		ret = replace_with(tmp, dst);
	}
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	return ret;
}

/* copy blob h to dst (replacing it, whatever it is), verifying it; 0, 1
 * absent or corrupt (removed), -1 */
static int get_blob(struct cache *c, struct hash h, const char *dst, int exec)
{
	char *path = cache_blob_path(c->root, h), *tmp = xasprintf("%s.menace-tmp.XXXXXX", dst);
	struct hash got;
	int in, out = -1, ret = 0;

	if ((in = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		ret = 1;
		goto done;
	}
	if ((out = mkstemp(tmp)) < 0) {
		ret = error("cannot write '%s':", tmp);
		goto done;
	}
	if (copy_hashed(in, out, &got) < 0) {
		ret = error("cannot restore '%s' from the cache:", dst);
		goto done;
	}
	if (!hash_eq(got, h)) {
		warn("cache blob '%s' is corrupt: removed", path);
		unlink(path);
		ret = 1;
		goto done;
	}
	fchmod(out, (exec ? 0777 : 0666) & ~c->umask);
	if (close(out) < 0) {
		out = -1;
		ret = error("cannot write '%s':", tmp);
		goto done;
	}
	out = -1;
	ret = replace_with(tmp, dst);
done:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	free(path);
	return ret;
}

/* "LEN:" at s (at most ten digits): LEN in *n and the byte after the
 * colon, or NULL */
static const char *len_field(const char *s, const char *end, size_t *n)
{
	const char *q;

	*n = 0;
	for (q = s; q < end && *q >= '0' && *q <= '9' && q - s < 10; q++)
		*n = *n * 10 + (size_t)(*q - '0');
	return q == s || q >= end || *q != ':' ? NULL : q + 1;
}

int cache_line_next(const char **p, const char *end, struct cache_line *l)
{
	const char *s = *p, *q;
	char hex[HASH_HEX];
	size_t n = 0;

	if (s >= end)
		return 1;
	if (end - s < 37 || s[1] != ' ' || s[34] != ' ')
		return -1;
	l->kind = s[0];
	memcpy(hex, s + 2, 32);
	hex[32] = '\0';
	if (hash_parse(hex, &l->h) < 0)
		return -1;
	if (!(q = len_field(s + 35, end, &n)) || (size_t)(end - q) < n + 1)
		return -1;
	l->path = q;
	l->len = n;
	l->data = NULL;
	l->size = 0;
	q += n;
	if (l->kind == 'F' || l->kind == 'X') {
		if (*q != ' ' || !(q = len_field(q + 1, end, &n)) || (size_t)(end - q) < n + 1)
			return -1;
		l->data = q;
		l->size = n;
		q += n;
	}
	if (*q != '\n')
		return -1;
	*p = q + 1;
	return 0;
}

struct hash cache_entry_sum(struct hash key, const char *body, size_t len)
{
	XXH3_state_t *st = XXH3_createState();
	char hex[HASH_HEX];
	struct hash h;

	if (!st)
		die(EXIT_FAILED, "out of memory");
	hash_hex(key, hex);
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, hex, 32);
	XXH3_128bits_update(st, "\n", 1);
	XXH3_128bits_update(st, body, len);
	h = from_xxh(XXH3_128bits_digest(st));
	XXH3_freeState(st);
	return h;
}

/* is the rest of an entry, at p, its "sum HEX\n" line for key? */
static int sum_ok(const char *text, const char *p, const char *end, struct hash key)
{
	char hex[HASH_HEX];
	struct hash h;

	if (end - p != 37 || memcmp(p, "sum ", 4) != 0 || p[36] != '\n')
		return 0;
	memcpy(hex, p + 4, 32);
	hex[32] = '\0';
	return hash_parse(hex, &h) == 0 && hash_eq(h, cache_entry_sum(key, text, (size_t)(p - text)));
}

int cache_entry_parse(const char *text, size_t len, struct hash key, struct cache_line **outs,
                      size_t *n)
{
	const char *end = text + len, *p = memchr(text, '\n', len), *kinds;
	size_t cap = 0;
	int rc = 0;

	*outs = NULL;
	*n = 0;
	if (!p || len < strlen(ENTRY_MAGIC) || memcmp(text, ENTRY_MAGIC, strlen(ENTRY_MAGIC)) != 0)
		return -1;
	if ((size_t)(p + 1 - text) == strlen(ENTRY_HEAD) && memcmp(text, ENTRY_HEAD, strlen(ENTRY_HEAD)) == 0)
		kinds = "fxdFX";
	else if ((size_t)(p + 1 - text) == strlen(ENTRY_HEAD2) && memcmp(text, ENTRY_HEAD2, strlen(ENTRY_HEAD2)) == 0)
		kinds = "fxd";
	else
		return 1;
	p++;
	while (p < end && *p != 's' && rc == 0) {
		growarray(outs, &cap, *n + 1, sizeof(**outs));
		rc = cache_line_next(&p, end, &(*outs)[*n]);
		if (rc == 0 && !strchr(kinds, (*outs)[*n].kind ? (*outs)[*n].kind : '?'))
			rc = -1;
		(*n)++;
	}
	if (rc != 0 || !sum_ok(text, p, end, key)) {
		free(*outs);
		*outs = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* store the symlink path, whose target must hash to h; 0, 1 when it changed, -1 */
static int store_link(struct cache *c, const char *path, struct hash h)
{
	char target[4096];
	ssize_t tl = readlink(path, target, sizeof(target));

	if (tl < 0 || !hash_eq(hash_bytes(target, (size_t)tl), h))
		return 1;
	return put_blob_bytes(c, h, target, (size_t)tl);
}

/* store the directory tree dir, whose listing must hash to h: each entry's
 * blob, then the listing's; 0, 1 when it changed, -1 */
static int store_tree(struct cache *c, const char *dir, struct hash h)
{
	struct buf list = BUF_INIT;
	const char *p, *end;
	struct cache_line l;
	int ret = 0, rc;

	if (tree_listing(dir, &list) < 0) {
		buf_free(&list);
		return -1;
	}
	if (!hash_eq(hash_bytes(list.s, list.len), h)) {
		buf_free(&list);
		return 1;
	}
	p = strchr(list.s, '\n') + 1;
	end = list.s + list.len;
	while ((rc = cache_line_next(&p, end, &l)) == 0 && ret == 0) {
		char *full = xasprintf("%s/%.*s", dir, (int)l.len, l.path);

		ret = l.kind == 'l' ? store_link(c, full, l.h) : put_blob_file(c, full, l.h);
		free(full);
	}
	if (rc < 0)
		ret = -1;
	if (ret == 0)
		ret = put_blob_bytes(c, h, list.s, list.len);
	buf_free(&list);
	return ret;
}

int cache_put_entry(struct cache *c, struct hash key, const struct cache_line *outs, size_t n)
{
	struct buf entry = BUF_INIT;
	struct acstore *a = entries(c, 1);
	char hex[HASH_HEX];
	size_t i;
	int ret;

	if (!a)
		return -1;
	buf_puts(&entry, ENTRY_HEAD);
	for (i = 0; i < n; i++) {
		hash_hex(outs[i].h, hex);
		buf_printf(&entry, "%c %s %zu:", outs[i].kind, hex, outs[i].len);
		buf_put(&entry, outs[i].path, outs[i].len);
		if (outs[i].data) {
			buf_printf(&entry, " %zu:", outs[i].size);
			buf_put(&entry, outs[i].data, outs[i].size);
		}
		buf_putc(&entry, '\n');
	}
	hash_hex(cache_entry_sum(key, entry.s, entry.len), hex);
	buf_printf(&entry, "sum %s\n", hex);
	ret = acstore_put(a, key, entry.s, entry.len, wall_ns());
	buf_free(&entry);
	return ret < 0 ? -1 : 0;
}

/* the bytes of the regular file src (st its lstat) into l (malloc'd) when
 * they still hash to h; 0, 1 when it changed (other bytes, grown past
 * CACHE_INLINE_MAX, no longer a regular file), -1 */
static int read_inline(const char *src, const struct stat *st, struct hash h, struct cache_line *l)
{
	size_t got;
	char *data = read_regular_file(src, CACHE_INLINE_MAX, &got);

	if (!data)
		return errno == EFBIG || errno == EINVAL ? 1 : error("cannot read '%s':", src);
	if (!hash_eq(hash_bytes(data, got), h)) {
		free(data);
		return 1;    /* written to since it was hashed: not stored */
	}
	l->kind = st->st_mode & S_IXUSR ? 'X' : 'F';
	l->data = data;
	l->size = got;
	return 0;
}

int cache_store(struct cache *c, struct hash key, struct node **out, const struct hash *hashes,
                size_t n, int inline_ok)
{
	struct cache_line *lines = xcalloc(n + 1, sizeof(lines[0]));
	size_t i;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++) {
		const char *o = out[i]->path;
		struct stat st;

		if (lstat(o, &st) < 0 && stat(o, &st) < 0) {
			ret = -1;
			break;
		}
		if (out[i]->is_dir) {
			lines[i].kind = 'd';
			ret = store_tree(c, o, hashes[i]);
		} else if (inline_ok && S_ISREG(st.st_mode) && st.st_size <= CACHE_INLINE_MAX) {
			ret = read_inline(o, &st, hashes[i], &lines[i]);
		} else {
			lines[i].kind = st.st_mode & S_IXUSR ? 'x' : 'f';
			ret = put_blob_file(c, o, hashes[i]);
		}
		lines[i].h = hashes[i];
		lines[i].path = o;
		lines[i].len = out[i]->pathlen;
	}
	if (ret == 0)
		ret = cache_put_entry(c, key, lines, n);
	for (i = 0; i < n; i++)
		free((char *)lines[i].data);
	free(lines);
	return ret < 0 ? -1 : 0;
}

const char *cache_root(const struct cache *c)
{
	return c->root;
}

FILE *cache_tmp_open(struct cache *c, char **path)
{
	char *tmp = xasprintf("%s/tmp/blob.XXXXXX", c->root);
	FILE *f = NULL;
	int fd = -1;

	/* the directories exist after the first blob: try before creating them */
	if ((fd = mkstemp(tmp)) < 0 && errno == ENOENT && mkdir_parents(tmp) == 0) {
		free(tmp);
		tmp = xasprintf("%s/tmp/blob.XXXXXX", c->root);
		fd = mkstemp(tmp);
	}
	if (fd < 0 || !(f = fdopen(fd, "w+b"))) {
		warn("cannot write in the cache '%s':", c->root);
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	*path = tmp;
	return f;
}

int cache_adopt_blob(struct cache *c, const char *tmp, struct hash h)
{
	char *path = cache_blob_path(c->root, h);
	int ret = 0;

	if (access(path, F_OK) == 0) {
		unlink(tmp);
	} else {
		chmod(tmp, 0444);
		if (rename(tmp, path) < 0 && (errno != ENOENT || mkdir_parents(path) < 0 ||
		                              rename(tmp, path) < 0)) {
			ret = error("cannot write '%s':", path);
			unlink(tmp);
		}
	}
	free(path);
	return ret;
}

/* an entry read and parsed */
struct entry {
	char *text;
	struct cache_line *v;
	size_t n;
};

static void entry_free(struct entry *en)
{
	free(en->text);
	free(en->v);
}

/* report key's entry as not used, once per key */
static void reject(struct cache *c, struct hash key)
{
	char hex[HASH_HEX];
	size_t i;

	for (i = 0; i < c->nrejected; i++)
		if (hash_eq(c->rejected[i], key))
			return;
	c->rejected = xreallocarray(c->rejected, c->nrejected + 1, sizeof(c->rejected[0]));
	c->rejected[c->nrejected++] = key;
	hash_hex(key, hex);
	warn("cache entry %s in '%s' does not match its key: not used", hex, acstore_path(c->ac));
}

/* key's entry, naming exactly out[0..n); 0, or -1 when there is none that
 * can be used (absent, another format, another set of outputs, or rejected) */
static int entry_read(struct cache *c, struct hash key, struct node **out, size_t n, struct entry *en)
{
	struct acstore *a = entries(c, 0);
	size_t len, i;
	int rc = -1;

	memset(en, 0, sizeof(*en));
	if (a && acstore_get(a, key, &en->text, &len) == 0)
		rc = cache_entry_parse(en->text, len, key, &en->v, &en->n);
	if (rc < 0 && en->text)
		reject(c, key);
	for (i = 0; rc == 0 && i < en->n; i++) {
		const struct cache_line *l = &en->v[i];

		if (i >= n || l->len != out[i]->pathlen || memcmp(l->path, out[i]->path, l->len) != 0 ||
		    (l->kind == 'd') != (out[i]->is_dir != 0))
			rc = -1;
	}
	if (rc != 0 || en->n != n) {
		entry_free(en);
		return -1;
	}
	return 0;
}

static int blob_exists(struct cache *c, struct hash h)
{
	char *path = cache_blob_path(c->root, h);
	int ok = access(path, F_OK) == 0;

	free(path);
	return ok;
}

/* every blob of a tree listing is present */
static int tree_present(struct cache *c, const char *list, size_t len)
{
	const char *p = memchr(list, '\n', len), *end = list + len;
	struct cache_line l;
	int rc;

	if (!p)
		return 0;
	p++;
	while ((rc = cache_line_next(&p, end, &l)) == 0)
		if (!blob_exists(c, l.h))
			return 0;
	return rc == 1;
}

/* key's entry for out[0..n) in *en, with all its blobs present; 0 or -1 */
static int lookup(struct cache *c, struct hash key, struct node **out, size_t n, struct entry *en)
{
	size_t i;
	int ok;

	if (entry_read(c, key, out, n, en) < 0)
		return -1;
	for (i = 0, ok = 1; ok && i < en->n; i++) {
		const struct cache_line *l = &en->v[i];

		if (l->data)
			continue;
		if (!blob_exists(c, l->h))
			ok = 0;
		else if (l->kind == 'd') {
			size_t tl;
			char *path = cache_blob_path(c->root, l->h), *list = read_file(path, &tl);

			ok = list && tree_present(c, list, tl);
			free(list);
			free(path);
		}
	}
	if (!ok)
		entry_free(en);
	return ok ? 0 : -1;
}

int cache_lookup(struct cache *c, struct hash key, struct node **out, size_t n)
{
	struct entry en;

	if (lookup(c, key, out, n, &en) < 0)
		return 0;
	entry_free(&en);
	return 1;
}

/* restore a directory tree from its listing blob */
static int restore_tree(struct cache *c, struct hash h, const char *dst)
{
	size_t len;
	char *list = read_blob(c, h, &len), *tmp = NULL;
	const char *p, *end;
	struct cache_line l;
	int ret = 0, rc;

	if (!list)
		return 1;
	tmp = xasprintf("%s.menace-tmp.XXXXXX", dst);
	if (!mkdtemp(tmp)) {
		ret = error("cannot create '%s':", tmp);
		free(tmp);
		free(list);
		return ret;
	}
	end = list + len;
	p = memchr(list, '\n', len);
	p = p ? p + 1 : end;
	while (ret == 0 && (rc = cache_line_next(&p, end, &l)) == 0) {
		char *full = xasprintf("%s/%.*s", tmp, (int)l.len, l.path);

		if (memchr(l.path, '\0', l.len) || path_escapes(full + strlen(tmp) + 1) ||
		    mkdir_parents(full) < 0) {
			ret = 1;
		} else if (l.kind == 'l') {
			size_t tl;
			char *target = read_blob(c, l.h, &tl);

			if (!target)
				ret = 1;
			else if (symlink(target, full) < 0)
				ret = error("cannot create '%s':", full);
			free(target);
		} else {
			ret = get_blob(c, l.h, full, l.kind == 'x');
		}
		free(full);
	}
	if (ret == 0 && (remove_tree(dst) < 0 || rename(tmp, dst) < 0))
		ret = error("cannot restore '%s':", dst);
	if (ret != 0)
		remove_tree(tmp);
	free(tmp);
	free(list);
	return ret;
}

int cache_restore(struct cache *c, struct hash key, struct node **out, size_t n)
{
	struct entry en;
	size_t i;
	int ret = 0;

	if (lookup(c, key, out, n, &en) < 0)
		return 1;
	for (i = 0; ret == 0 && i < en.n; i++) {
		const struct cache_line *l = &en.v[i];
		char *dst = xstrndup(l->path, l->len);

		if (mkdir_parents(dst) < 0)
			ret = error("cannot create the directory of '%s':", dst);
		else if (l->kind == 'd')
			ret = restore_tree(c, l->h, dst);
		else if (l->data)
			ret = put_inline(c, l, dst);
		else
			ret = get_blob(c, l->h, dst, l->kind == 'x');
		free(dst);
	}
	if (ret == 0 && entries(c, 1))
		acstore_touch(c->ac, key, wall_ns());   /* its last use, for gc */
	entry_free(&en);
	return ret;
}
