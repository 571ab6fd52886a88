/* unit tests of the local cache (engine/cache.c) and of depfile parsing
 * corner cases: sizes, store/restore of files and trees, corrupt blobs,
 * entries that name other outputs, gc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "engine/acstore.h"
#include "engine/cache.h"
#include "engine/filecache.h"
#include "base/fsio.h"
#include "base/opt.h"
#include "graph/graph.h"
#include "base/path.h"
#include "engine/stale.h"
#include "unit.h"
#include "base/util.h"

static char tmpdir[] = "/tmp/menace-unit-cache.XXXXXX";

static void put(const char *path, const char *text)
{
	CHECK_INT(write_file_atomic(path, text, strlen(text)), 0);
}

static char *get(const char *path)
{
	size_t len;
	char *s = read_file(path, &len);

	return s ? s : xstrdup("(missing)");
}

/* gc --max-size and MENACE_CACHE_MAX are read by base/opt's one size parser */
static long long parse_size(const char *s)
{
	long long v;

	return opt_size(NULL, s, &v) < 0 ? -1 : v;
}

static void test_parse_size(void)
{
	CHECK_INT(parse_size("512"), 512);
	CHECK_INT(parse_size("10K"), 10240);
	CHECK_INT(parse_size("2M"), 2 << 20);
	CHECK_INT(parse_size("1G"), 1LL << 30);
	CHECK_INT(parse_size("1GiB"), 1LL << 30);
	CHECK_INT(parse_size("1.5K"), 1536);
	CHECK_INT(parse_size("3Q"), -1);
	CHECK_INT(parse_size(""), -1);
	CHECK_INT(parse_size("-1"), -1);
}

static void test_depfile_forms(void)
{
	const char *ok = "a.o b.o : x.h\nc.o:y.h z.h\n\n";
	const char *bad = "a.o x.h\n";
	char **deps;
	int n = depfile_parse(ok, strlen(ok), &deps), i;

	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(deps[0], "x.h");
		CHECK_STR(deps[1], "y.h");
		CHECK_STR(deps[2], "z.h");
	}
	for (i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
	CHECK_INT(depfile_parse(bad, strlen(bad), &deps), -1);
	CHECK_INT(depfile_parse("", 0, &deps), 0);
	free(deps);
}

static void test_store_restore(void)
{
	struct graph *g = graph_new();
	struct node *out[2];
	struct hash h[2], key = hash_bytes("key", 3), other = hash_bytes("other", 5);
	struct cache *c = cache_open("data");
	struct cache_gc_stats st;
	char *s;

	out[0] = graph_node(g, "f.txt", 5);
	out[1] = graph_node(g, "tree", 4);
	out[1]->is_dir = 1;
	put("f.txt", "file\n");
	CHECK_INT(mkdir_p("tree/sub"), 0);
	put("tree/sub/a", "A\n");
	put("tree/x", "X\n");
	chmod("tree/x", 0755);
	CHECK_INT(symlink("sub/a", "tree/l"), 0);
	CHECK_INT(hash_file("f.txt", &h[0]), 0);
	CHECK_INT(hash_tree("tree", &h[1]), 0);
	CHECK_INT(cache_store(c, key, out, h, 2, 0), 0);
	CHECK_INT(cache_lookup(c, key, out, 2), 1);
	CHECK_INT(cache_lookup(c, other, out, 2), 0);
	/* an entry names its outputs: another set of outputs does not match */
	CHECK_INT(cache_lookup(c, key, out, 1), 0);
	/* restore over changed and missing outputs */
	put("f.txt", "changed\n");
	CHECK_INT(remove_tree("tree"), 1);
	CHECK_INT(cache_restore(c, key, out, 2), 0);
	s = get("f.txt");
	CHECK_STR(s, "file\n");
	free(s);
	s = get("tree/sub/a");
	CHECK_STR(s, "A\n");
	free(s);
	{
		struct stat sb;
		struct hash t;

		CHECK(stat("tree/x", &sb) == 0 && (sb.st_mode & S_IXUSR));
		CHECK(lstat("tree/l", &sb) == 0 && S_ISLNK(sb.st_mode));
		CHECK_INT(hash_tree("tree", &t), 0);
		CHECK(hash_eq(t, h[1]));
	}
	/* a restored file is a copy: appending to it leaves the blob alone */
	{
		FILE *f = fopen("f.txt", "a");

		CHECK(f != NULL);
		if (f) {
			fputs("more\n", f);
			fclose(f);
		}
	}
	CHECK_INT(cache_restore(c, key, out, 2), 0);
	s = get("f.txt");
	CHECK_STR(s, "file\n");
	free(s);
	/* a corrupt blob is removed and the restore refused */
	{
		char hex[HASH_HEX], *bp, *err;
		struct unit_capture cap;
		int rc;

		hash_hex(h[0], hex);
		bp = xasprintf("data/cache/cas/%.2s/%s", hex, hex);
		chmod(bp, 0644);
		put(bp, "evil\n");
		unit_capture_begin(&cap);
		rc = cache_restore(c, key, out, 1 + 1);
		err = unit_capture_end(&cap);
		CHECK_INT(rc, 1);
		CHECK_HAS(err, "menace: cache blob 'data/cache/cas/");
		CHECK_HAS(err, "' is corrupt: removed\n");
		free(err);
		CHECK(access(bp, F_OK) != 0);
		CHECK_INT(cache_lookup(c, key, out, 2), 0);
		free(bp);
	}
	/* gc --keep 0 empties the cache (run under the workspace lock, once
	 * a build has committed its entries) */
	CHECK_INT(cache_flush(c), 0);
	CHECK_INT(cache_gc("data", 0, -1, &st), 0);
	CHECK_INT(st.kept, 0);
	CHECK_INT(st.removed, 1);
	CHECK(st.blobs_removed >= 4);
	cache_free(c);
	graph_free(g);
}

/* key's entry text in the cache under root (committed), or NULL */
static char *entry_get(const char *root, struct hash key)
{
	struct acstore *a = acstore_open(root, 0);
	char *s = NULL;
	size_t len;

	if (a && acstore_get(a, key, &s, &len) != 0)
		s = NULL;
	acstore_close(a);
	return s;
}

static void entry_set(const char *root, struct hash key, const char *s)
{
	struct acstore *a = acstore_open(root, 1);

	CHECK(a != NULL);
	if (a)
		CHECK_INT(acstore_put(a, key, s, strlen(s), 1), 0);
	acstore_close(a);
}

/* small files go inside their entry (format 3): no blob of their own, a
 * restore writes them back with their mode, an edit of the entry is found;
 * a larger file is still a blob */
static void test_store_inline(void)
{
	struct graph *g = graph_new();
	struct node *out[3];
	struct hash h[3], key = hash_bytes("inline", 6);
	struct cache *c = cache_open("inl");
	struct cache_gc_stats st;
	struct stat sb;
	char hex[HASH_HEX], *s, *big = xmalloc(CACHE_INLINE_MAX + 2), *bp;
	size_t i;

	out[0] = graph_node(g, "small.txt", 9);
	out[1] = graph_node(g, "run.sh", 6);
	out[2] = graph_node(g, "big.bin", 7);
	put("small.txt", "small\n");
	put("run.sh", "#!/bin/sh\n");
	chmod("run.sh", 0755);
	memset(big, 'b', CACHE_INLINE_MAX + 1);
	big[CACHE_INLINE_MAX + 1] = '\0';
	put("big.bin", big);
	for (i = 0; i < 3; i++)
		CHECK_INT(hash_file(out[i]->path, &h[i]), 0);
	CHECK_INT(cache_store(c, key, out, h, 3, 1), 0);
	CHECK_INT(cache_flush(c), 0);
	s = entry_get("inl/cache", key);
	CHECK_HAS(s, "menace-cache 3\nF ");
	CHECK_HAS(s, " 9:small.txt 6:small\n\nX ");
	CHECK_HAS(s, " 6:run.sh 10:#!/bin/sh\n\nf ");
	free(s);
	/* only the large file is a blob */
	hash_hex(h[0], hex);
	bp = xasprintf("inl/cache/cas/%.2s/%s", hex, hex);
	CHECK(access(bp, F_OK) != 0);
	free(bp);
	hash_hex(h[2], hex);
	bp = xasprintf("inl/cache/cas/%.2s/%s", hex, hex);
	CHECK(access(bp, F_OK) == 0);
	free(bp);
	CHECK_INT(cache_lookup(c, key, out, 3), 1);
	unlink("small.txt");
	unlink("run.sh");
	put("big.bin", "changed\n");
	CHECK_INT(cache_restore(c, key, out, 3), 0);
	s = get("small.txt");
	CHECK_STR(s, "small\n");
	free(s);
	CHECK(stat("run.sh", &sb) == 0 && (sb.st_mode & S_IXUSR));
	CHECK(stat("small.txt", &sb) == 0 && !(sb.st_mode & S_IXUSR));
	s = get("big.bin");
	CHECK_STR(s, big);
	free(s);
	/* an edit of the inline bytes breaks the entry's sum: not used */
	CHECK_INT(cache_flush(c), 0);
	s = entry_get("inl/cache", key);
	CHECK(s != NULL && strstr(s, ":small\n"));
	if (s && strstr(s, ":small\n")) {
		strstr(s, ":small\n")[1] = 'S';
		entry_set("inl/cache", key, s);
	}
	free(s);
	{
		struct unit_capture cap;
		char *err;
		int rc;

		unit_capture_begin(&cap);
		rc = cache_restore(c, key, out, 3);
		err = unit_capture_end(&cap);
		CHECK_INT(rc, 1);
		CHECK_HAS(err, "does not match its key: not used");
		free(err);
	}
	/* gc counts the inline bytes of the entries it keeps */
	CHECK_INT(cache_store(c, key, out, h, 3, 1), 0);
	CHECK_INT(cache_flush(c), 0);
	CHECK_INT(cache_gc("inl", -1, 1LL << 30, &st), 0);
	CHECK_INT(st.kept, 1);
	CHECK_INT(st.kept_bytes, 6 + 10 + CACHE_INLINE_MAX + 1);
	CHECK_INT(cache_gc("inl", 0, -1, &st), 0);
	CHECK_INT(st.removed, 1);
	CHECK_INT(st.removed_bytes, 6 + 10 + CACHE_INLINE_MAX + 1);
	free(big);
	cache_free(c);
	graph_free(g);
}

/* an entry parses only with its own key, its exact text and its format */
static void test_entry_parse(void)
{
	struct hash key = hash_bytes("k", 1), other = hash_bytes("o", 1), sum;
	struct cache_line *v;
	struct buf t = BUF_INIT;
	char hex[HASH_HEX], *bad;
	size_t n;

	buf_puts(&t, "menace-cache 2\nf 0123456789abcdef0123456789abcdef 5:a.txt\n"
	         "d fedcba9876543210fedcba9876543210 3:dir\n");
	sum = cache_entry_sum(key, t.s, t.len);
	hash_hex(sum, hex);
	buf_printf(&t, "sum %s\n", hex);
	CHECK_INT(cache_entry_parse(t.s, t.len, key, &v, &n), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(v[0].kind, 'f');
		CHECK_INT(v[0].len, 5);
		CHECK(memcmp(v[0].path, "a.txt", 5) == 0);
		CHECK_INT(v[1].kind, 'd');
	}
	free(v);
	/* another key, an edited line, a truncated text: rejected */
	CHECK_INT(cache_entry_parse(t.s, t.len, other, &v, &n), -1);
	CHECK(v == NULL && n == 0);
	bad = xstrdup(t.s);
	bad[16] = '1';
	CHECK_INT(cache_entry_parse(bad, t.len, key, &v, &n), -1);
	free(bad);
	CHECK_INT(cache_entry_parse(t.s, t.len - 1, key, &v, &n), -1);
	CHECK_INT(cache_entry_parse(t.s, 15, key, &v, &n), -1);
	/* format 1 is a miss, not damage; text that is not an entry is damage */
	CHECK_INT(cache_entry_parse("menace-cache 1\n", 15, key, &v, &n), 1);
	CHECK_INT(cache_entry_parse("garbage\n", 8, key, &v, &n), -1);
	CHECK_INT(cache_entry_parse("", 0, key, &v, &n), -1);
	/* format 3: inline bytes (any bytes, a newline among them) */
	buf_reset(&t);
	buf_puts(&t, "menace-cache 3\nF 0123456789abcdef0123456789abcdef 5:a.txt 4:x\ny\n\n"
	         "f fedcba9876543210fedcba9876543210 1:b\n");
	hash_hex(cache_entry_sum(key, t.s, t.len), hex);
	buf_printf(&t, "sum %s\n", hex);
	CHECK_INT(cache_entry_parse(t.s, t.len, key, &v, &n), 0);
	CHECK_INT(n, 2);
	CHECK_INT(v[0].kind, 'F');
	CHECK_INT(v[0].size, 4);
	CHECK(memcmp(v[0].data, "x\ny\n", 4) == 0);
	CHECK(v[1].data == NULL);
	free(v);
	/* an inline line in format 2, a size past the end: rejected */
	buf_reset(&t);
	buf_puts(&t, "menace-cache 2\nF 0123456789abcdef0123456789abcdef 5:a.txt 1:x\n");
	hash_hex(cache_entry_sum(key, t.s, t.len), hex);
	buf_printf(&t, "sum %s\n", hex);
	CHECK_INT(cache_entry_parse(t.s, t.len, key, &v, &n), -1);
	buf_reset(&t);
	buf_puts(&t, "menace-cache 3\nF 0123456789abcdef0123456789abcdef 5:a.txt 99:x\n");
	hash_hex(cache_entry_sum(key, t.s, t.len), hex);
	buf_printf(&t, "sum %s\n", hex);
	CHECK_INT(cache_entry_parse(t.s, t.len, key, &v, &n), -1);
	buf_free(&t);
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0) {
		perror("tmpdir");
		return 1;
	}
	RUN(test_parse_size);
	RUN(test_depfile_forms);
	RUN(test_store_restore);
	RUN(test_store_inline);
	RUN(test_entry_parse);
	if (!unit_failed) {
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpdir);
		free(cmd);
	}
	return unit_failed ? 1 : 0;
}
