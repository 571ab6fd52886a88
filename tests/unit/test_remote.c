/* unit tests of the remote cache's parts: SHA-256 (engine/sha256.c), the
 * remote key (engine/remotekey.c), the cache counters (cachestats.c) and
 * the HTTP layer's URL handling, warning and circuit (http.c). The
 * transfers themselves are tested against nginx by tests/sh/12*. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/util.h"
#include "engine/cachestats.h"
#include "engine/filecache.h"
#include "engine/http.h"
#include "engine/key.h"
#include "engine/remotekey.h"
#include "engine/sha256.h"
#include "unit.h"

static char tmpdir[] = "/tmp/menace-unit-remote.XXXXXX";

static void put(const char *path, const char *text)
{
	CHECK_INT(write_file_atomic(path, text, strlen(text)), 0);
}

static char *hex_of(struct sha256 d)
{
	static char hex[SHA256_HEX];

	sha256_hex(d, hex);
	return hex;
}

static void test_sha256_vectors(void)
{
	struct sha256 d;
	long long size = -1;

	CHECK_STR(hex_of(sha256_bytes("", 0)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK_STR(hex_of(sha256_bytes("abc", 3)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	put("abc.txt", "abc");
	CHECK_INT(sha256_file("abc.txt", &d, &size), 0);
	CHECK_INT(size, 3);
	CHECK_STR(hex_of(d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(sha256_file("missing.txt", &d, &size), -1);
}

static void test_sha256_parse(void)
{
	struct sha256 d, e = sha256_bytes("x", 1);
	char hex[SHA256_HEX];

	sha256_hex(e, hex);
	CHECK_INT(sha256_parse(hex, &d), 0);
	CHECK(sha256_eq(d, e));
	hex[3] = 'A';
	CHECK_INT(sha256_parse(hex, &d), -1);
	hex[3] = 'a';
	hex[63] = '\0';
	CHECK_INT(sha256_parse(hex, &d), -1);
}

/* the serialization of a rule reading in.txt and gen's out.txt */
static void ser_of(struct buf *b)
{
	struct hash h1, h2;

	CHECK_INT(hash_file("in.txt", &h1), 0);
	CHECK_INT(hash_file("out.txt", &h2), 0);
	buf_reset(b);
	key_begin(b);
	key_run(b, "cat in.txt\nout.txt > x");
	key_env(b, "MODE", "a b");
	key_in(b, "in.txt", h1);
	key_need(b, "gen", "out.txt", h2);
	key_dep(b, "/nowhere/h.h", h1, 1);
}

static void test_remotekey_rewrites_hashes(void)
{
	struct remotekey_memo *m = remotekey_memo_new();
	struct buf ser = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	struct sha256 key, key2, d1, d2;

	put("in.txt", "input\n");
	put("out.txt", "output\n");
	ser_of(&ser);
	CHECK_INT(remotekey(m, ser.s, ser.len, &out, &key), 0);
	CHECK_INT(sha256_file("in.txt", &d1, NULL), 0);
	CHECK_INT(sha256_file("out.txt", &d2, NULL), 0);
	buf_printf(&want, "menace-key 1\nrun 22:cat in.txt\nout.txt > x\nenv 4:MODE 3:a b\n"
	           "in 6:in.txt %s\n", hex_of(d1));
	buf_printf(&want, "need 3:gen 7:out.txt %s\ndep 12:/nowhere/h.h -\n", hex_of(d2));
	CHECK_STR(out.s, want.s);
	CHECK(sha256_eq(key, sha256_bytes(out.s, out.len)));
	/* the same bytes, the same key (from the memo, then afresh) */
	buf_reset(&out);
	CHECK_INT(remotekey(m, ser.s, ser.len, &out, &key2), 0);
	CHECK(sha256_eq(key, key2));
	remotekey_memo_free(m);
	m = remotekey_memo_new();
	buf_reset(&out);
	CHECK_INT(remotekey(m, ser.s, ser.len, &out, &key2), 0);
	CHECK(sha256_eq(key, key2));
	/* a file that no longer has the serialization's hash: not looked up
	 * (the memo would answer for the old hash: a new build has a new one) */
	put("in.txt", "changed\n");
	remotekey_memo_free(m);
	m = remotekey_memo_new();
	buf_reset(&out);
	CHECK_INT(remotekey(m, ser.s, ser.len, &out, &key2), -1);
	/* its new content: another key */
	ser_of(&ser);
	buf_reset(&out);
	CHECK_INT(remotekey(m, ser.s, ser.len, &out, &key2), 0);
	CHECK(!sha256_eq(key, key2));
	remotekey_memo_free(m);
	buf_free(&ser);
	buf_free(&out);
	buf_free(&want);
}

static void test_remotekey_tree(void)
{
	struct remotekey_memo *m = remotekey_memo_new();
	struct sha256 d1, d2;
	struct hash h;

	CHECK_INT(mkdir("tree", 0777), 0);
	put("tree/a.txt", "a\n");
	CHECK_INT(symlink("a.txt", "tree/l"), 0);
	CHECK_INT(hash_tree("tree", &h), 0);
	CHECK_INT(remotekey_digest(m, "tree", h, &d1), 0);
	put("tree/a.txt", "b\n");
	/* the memo answers for a path with the same content hash; afresh, the
	 * tree no longer has it */
	remotekey_memo_free(m);
	m = remotekey_memo_new();
	CHECK_INT(remotekey_digest(m, "tree", h, &d2), -1);
	CHECK_INT(hash_tree("tree", &h), 0);
	CHECK_INT(remotekey_digest(m, "tree", h, &d2), 0);
	CHECK(!sha256_eq(d1, d2));
	remotekey_memo_free(m);
}

static void test_cache_stats(void)
{
	struct cache_stats st, d;

	CHECK_INT(mkdir("st", 0777), 0);
	CHECK_INT(cache_stats_read("st", &st), 0);
	CHECK_INT(st.local_hits + st.remote_hits + st.remote_bytes_up, 0);
	memset(&d, 0, sizeof(d));
	d.local_hits = 2;
	d.remote_bytes_down = 1000;
	d.remote_errors = 1;
	CHECK_INT(cache_stats_add("st", &d), 0);
	CHECK_INT(cache_stats_add("st", &d), 0);
	CHECK_INT(cache_stats_read("st", &st), 0);
	CHECK_INT(st.local_hits, 4);
	CHECK_INT(st.remote_bytes_down, 2000);
	CHECK_INT(st.remote_errors, 2);
	CHECK_INT(st.remote_misses, 0);
	put("st/cache/stats", "something else\n");
	{
		struct unit_capture c;
		char *err;

		unit_capture_begin(&c);
		CHECK_INT(cache_stats_read("st", &st), -1);
		err = unit_capture_end(&c);
		CHECK_HAS(err, "is not a cache stats file");
		free(err);
	}
}

static void test_http_url(void)
{
	struct http_opts o;
	struct http *h;
	char *why = NULL;

	http_opts_default(&o, "remote cache");
	CHECK(!http_new("ftp://u:p@host/x", &o, &why));
	CHECK(why && !strstr(why, "u:p"));
	free(why);
	why = NULL;
	h = http_new("http://us%40r:pa%3Ass@127.0.0.1:8080/cache/", &o, &why);
	CHECK(h);
	CHECK_STR(http_url(h), "http://127.0.0.1:8080/cache/");
	CHECK(http_usable(h));
	http_free(h);
}

/* a port nothing listens on: every transfer fails after its retries, one
 * warning in all, and the circuit opens after o.circuit failures */
static void test_http_circuit(void)
{
	struct http_opts o;
	struct http_xfer x[5];
	struct unit_capture c;
	struct http *h;
	char *why = NULL, *err, *p;
	int i, n = 0;

	http_opts_default(&o, "remote cache");
	o.connect_timeout = 5;
	h = http_new("http://secret:pw@127.0.0.1:1/c", &o, &why);
	CHECK(h);
	memset(x, 0, sizeof(x));
	for (i = 0; i < 5; i++) {
		x[i].op = HTTP_GET;
		x[i].path = "/ac/00";
	}
	unit_capture_begin(&c);
	CHECK_INT(http_run(h, x, 2), 2);
	CHECK_INT(x[0].attempts, 3);
	CHECK(http_usable(h));
	CHECK_INT(http_run(h, x + 2, 1), 1);
	CHECK(!http_usable(h));
	CHECK_INT(http_run(h, x + 3, 2), 2);
	CHECK_INT(x[3].attempts, 0);
	err = unit_capture_end(&c);
	for (p = err; (p = strstr(p, "menace: ")); p++)
		n++;
	CHECK_INT(n, 1);
	CHECK_HAS(err, "menace: remote cache 'http://127.0.0.1:1/c' failed (GET /ac/00: ");
	CHECK(!strstr(err, "secret") && !strstr(err, "pw@"));
	/* the two after the circuit opened were not tried */
	CHECK_INT(http_failures(h), 3);
	free(err);
	http_free(h);
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0) {
		perror("tmpdir");
		return 1;
	}
	RUN(test_sha256_vectors);
	RUN(test_sha256_parse);
	RUN(test_remotekey_rewrites_hashes);
	RUN(test_remotekey_tree);
	RUN(test_cache_stats);
	RUN(test_http_url);
	RUN(test_http_circuit);
	if (!unit_failed)
		unit_remove_dir(tmpdir);
	return unit_failed ? 1 : 0;
}
