/* unit tests of selftest's pure parts and of the isolated child */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/isolation.h"
#include "base/path.h"
#include "rules/selftest.h"
#include "unit.h"
#include "base/util.h"

extern char **environ;

static char *dir;

static void touch(const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	FILE *f;

	if (mkdir_parents(p) < 0)
		abort();
	f = fopen(p, "w");
	if (f)
		fclose(f);
	free(p);
}

static void test_module_name(void)
{
	char *n = selftest_module_name("pkg/sub/a.py");

	CHECK_STR(n, "pkg.sub.a");
	free(n);
	n = selftest_module_name("pkg/__init__.py");
	CHECK_STR(n, "pkg");
	free(n);
	n = selftest_module_name("top.py");
	CHECK_STR(n, "top");
	free(n);
}

static void test_find_test(void)
{
	char *t;

	touch("pkg/a.py");
	touch("pkg/b.py");
	touch("pkg/c.py");
	touch("top.py");
	touch("pkg/test_a.py");
	touch("tests/test_a.py");
	touch("tests/test_b.py");
	touch("tests/pkg/test_b.py");
	touch("tests/pkg/test_c.py");
	touch("tests/test_top.py");
	t = selftest_find_test(dir, "pkg/a.py");
	CHECK_STR(t, "pkg/test_a.py");
	free(t);
	t = selftest_find_test(dir, "pkg/b.py");
	CHECK_STR(t, "tests/test_b.py");
	free(t);
	t = selftest_find_test(dir, "pkg/c.py");
	CHECK_STR(t, "tests/pkg/test_c.py");
	free(t);
	t = selftest_find_test(dir, "top.py");
	CHECK_STR(t, "tests/test_top.py");
	free(t);
	CHECK(selftest_find_test(dir, "pkg/none.py") == NULL);
	t = selftest_result_path("data/", "pkg/a.py", "hostile_input", "high");
	CHECK_STR(t, "data/selftest/pkg/a.py/hostile_input-high.json");
	free(t);
}

static void test_utf8(void)
{
	char s[64];
	size_t n;

	/* a cut two-byte character at the start is dropped */
	memcpy(s, "\xa9" "caf\xc3\xa9", 6);
	n = selftest_clean_utf8(s, 6);
	CHECK_INT(n, 5);
	CHECK_STR(s, "caf\xc3\xa9");
	memcpy(s, "a\xff" "b\0c\xe2\x82", 7);
	n = selftest_clean_utf8(s, 7);
	CHECK_INT(n, 7);
	CHECK_STR(s, "a?b?c??");
	/* overlong and surrogate forms are not UTF-8 */
	memcpy(s, "\xc0\xaf\xed\xa0\x80", 5);
	n = selftest_clean_utf8(s, 5);
	CHECK_STR(s, "?????");
}

static void test_parse_size(void)
{
	unsigned long long v = 0;

	CHECK_INT(isolation_parse_size("512Mi", &v), 0);
	CHECK(v == 512ULL << 20);
	CHECK_INT(isolation_parse_size("2Gi", &v), 0);
	CHECK(v == 2ULL << 30);
	/* one meaning of G with base/opt: 2^30, as gc --max-size */
	CHECK_INT(isolation_parse_size("1G", &v), 0);
	CHECK(v == 1ULL << 30);
	CHECK_INT(isolation_parse_size("4096", &v), 0);
	CHECK(v == 4096);
	CHECK_INT(isolation_parse_size("1.5Ki", &v), 0);
	CHECK(v == 1536);
	CHECK_INT(isolation_parse_size("lots", &v), -1);
	CHECK_INT(isolation_parse_size("5Xi", &v), -1);
	CHECK_INT(isolation_parse_size("", &v), -1);
}

static void test_run(void)
{
	char *sh[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	char *loop[] = {"/bin/sh", "-c", "sleep 30 & sleep 30", NULL};
	char *nope[] = {"/nonexistent/prog", NULL};
	struct isolation iso;
	struct unit_capture c;
	char *err;
	int rc;

	memset(&iso, 0, sizeof(iso));
	iso.argv = sh;
	iso.env = environ;
	iso.timeout_s = 10;
	CHECK_INT(isolation_run(&iso), 0);
	CHECK_INT(iso.exit_code, 3);
	CHECK(!iso.timed_out);
	CHECK_STR(iso.tail, "out\nerr\n");
	iso.argv = loop;
	iso.timeout_s = 0.2;
	CHECK_INT(isolation_run(&iso), 0);
	CHECK(iso.timed_out);
	CHECK_INT(iso.exit_code, -SIGKILL);
	iso.argv = nope;
	unit_capture_begin(&c);
	rc = isolation_run(&iso);
	err = unit_capture_end(&c);
	CHECK_INT(rc, -1);
	CHECK_STR(err, "menace: cannot run '/nonexistent/prog': No such file or directory\n");
	free(err);
}

int main(void)
{
	dir = isolation_mkdtemp("menace-unit-selftest");
	if (!dir)
		return 1;
	RUN(test_module_name);
	RUN(test_find_test);
	RUN(test_utf8);
	RUN(test_parse_size);
	RUN(test_run);
	isolation_rmtree(dir);
	free(dir);
	return unit_failed != 0;
}
