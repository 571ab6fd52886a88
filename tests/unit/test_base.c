/* unit tests of the base layer: paths, hash table, hashing, buffers, files */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/htab.h"
#include "base/path.h"
#include "unit.h"
#include "base/util.h"

static const char *clean(const char *in)
{
	static char out[256];

	snprintf(out, sizeof(out), "%s", in);
	path_clean(out);
	return out;
}

static void test_path_clean(void)
{
	CHECK_STR(clean("a/./b/../c"), "a/c");
	CHECK_STR(clean("a/c"), "a/c");
	CHECK_STR(clean("./a//b/"), "a/b");
	CHECK_STR(clean(""), ".");
	CHECK_STR(clean("."), ".");
	CHECK_STR(clean("a/.."), ".");
	CHECK_STR(clean("../x"), "../x");
	CHECK_STR(clean("a/../../x"), "../x");
	CHECK_STR(clean("../../x/../y"), "../../y");
	CHECK_STR(clean("/a/../../b"), "/b");
	CHECK_STR(clean("/"), "/");
	CHECK_STR(clean("a/b/c/../../d"), "a/d");
	CHECK_STR(clean("..a/b"), "..a/b");
	CHECK(path_escapes("../x"));
	CHECK(path_escapes(".."));
	CHECK(path_escapes("/etc"));
	CHECK(!path_escapes("..a"));
	CHECK(!path_escapes("a/.."));
}

static void test_path_join(void)
{
	char *p = path_join("rules", "../x/./y.yaml");

	CHECK_STR(p, "x/y.yaml");
	free(p);
	p = path_join(".", "a");
	CHECK_STR(p, "a");
	free(p);
	p = path_dirname("a/b/c");
	CHECK_STR(p, "a/b");
	free(p);
	p = path_dirname("c");
	CHECK_STR(p, ".");
	free(p);
}

static void test_htab(void)
{
	struct htab *t = htab_new(0);
	char keys[2000][16];
	size_t i, it = 0, n = 0;
	void *v;

	for (i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		*htab_put(t, keys[i], strlen(keys[i])) = keys[i];
	}
	CHECK_INT(htab_count(t), 2000);
	CHECK(htab_get(t, "k1999", 5) == keys[1999]);
	CHECK(htab_get(t, "k2000", 5) == NULL);
	*htab_put(t, "k7", 2) = keys[8];
	CHECK_INT(htab_count(t), 2000);
	CHECK(htab_get(t, "k7", 2) == keys[8]);
	while (htab_next(t, &it, NULL, NULL, &v))
		n++;
	CHECK_INT(n, 2000);
	htab_free(t);
}

static void test_hash(void)
{
	struct hash a = hash_bytes("abc", 3), b = hash_bytes("abd", 3), c;
	char hex[HASH_HEX];

	CHECK(!hash_eq(a, b));
	hash_hex(a, hex);
	CHECK_INT(strlen(hex), 32);
	CHECK(hash_parse(hex, &c) == 0);
	CHECK(hash_eq(a, c));
	CHECK(hash_parse("xyz", &c) < 0);
}

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	char *s;

	buf_puts(&b, "echo ");
	buf_putshell(&b, "a b");
	buf_putc(&b, ' ');
	buf_putshell(&b, "it's");
	buf_putc(&b, ' ');
	buf_putshell(&b, "src/x.c");
	buf_printf(&b, " %d", 42);
	s = buf_take(&b);
	CHECK_STR(s, "echo 'a b' 'it'\\''s' src/x.c 42");
	free(s);
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static long long size_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* file_make_empty: a plain file keeps its inode, emptied; links, FIFOs and
 * directories are removed, and what a link points to is never touched */
static void test_file_make_empty(void)
{
	char dir[] = "/tmp/menace-unit-fsio.XXXXXX";
	char f[300], other[300], sym[300], hard[300], fifo[300], sub[300];
	struct stat before, after;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	snprintf(sym, sizeof(sym), "%s/sym", dir);
	snprintf(hard, sizeof(hard), "%s/hard", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	CHECK(file_make_empty(f) == 0);              /* absent: nothing to do */
	CHECK(size_of(f) == -1);
	put(f, "last self-test");
	CHECK(stat(f, &before) == 0);
	CHECK(file_make_empty(f) == 0);
	CHECK(stat(f, &after) == 0);
	CHECK(after.st_size == 0 && after.st_ino == before.st_ino);
	put(other, "keep me");
	CHECK(symlink(other, sym) == 0);
	CHECK(file_make_empty(sym) == 0);
	CHECK(size_of(sym) == -1 && size_of(other) == 7);
	CHECK(link(other, hard) == 0);
	CHECK(file_make_empty(hard) == 0);
	CHECK(size_of(hard) == -1 && size_of(other) == 7);
	CHECK(mkfifo(fifo, 0600) == 0);
	CHECK(file_make_empty(fifo) == 0);
	CHECK(size_of(fifo) == -1);
	CHECK(mkdir(sub, 0700) == 0);
	CHECK(file_make_empty(sub) < 0);             /* a directory: not removed here */
	rmdir(sub);
	unlink(other);
	unlink(f);
	rmdir(dir);
}

int main(void)
{
	RUN(test_path_clean);
	RUN(test_path_join);
	RUN(test_htab);
	RUN(test_hash);
	RUN(test_buf);
	RUN(test_file_make_empty);
	return unit_failed != 0;
}
