/* unit tests of the base layer: paths, hash table, hashing, buffers */
#include <stdlib.h>

#include "base/buf.h"
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

int main(void)
{
	RUN(test_path_clean);
	RUN(test_path_join);
	RUN(test_htab);
	RUN(test_hash);
	RUN(test_buf);
	return unit_failed != 0;
}
