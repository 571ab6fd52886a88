/* unit tests of selftest's pure parts, the interpreter probe and the
 * outcomes file's summary */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "rules/isolation.h"
#include "base/path.h"
#include "rules/presets.h"
#include "rules/pyinterp.h"
#include "rules/selftest.h"
#include "unit.h"
#include "base/util.h"

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

/* the probe through a fake interpreter: a shell script answering as one */
static void test_pyinterp(void)
{
	char *fake = xasprintf("%s/fakepy", dir), *tools;
	struct pyinterp py;
	struct unit_capture c;
	FILE *f = fopen(fake, "w");
	char *err;
	int rc;

	fputs("#!/bin/sh\n[ -z \"$MENACE_UNIT_SECRET\" ] || exit 9\n"
	      "printf '/opt/py/bin/python3.11\\n3.11.2\\n\\n-S\\n'\n", f);
	fclose(f);
	chmod(fake, 0755);
	setenv("MENACE_UNIT_SECRET", "1", 1);
	CHECK_INT(pyinterp_resolve(fake, &py, NULL), 0);
	CHECK_STR(py.exe, "/opt/py/bin/python3.11");
	CHECK_STR(py.version, "3.11.2");
	CHECK(py.pytest == NULL);
	CHECK_STR(py.flags, "-S");
	tools = pyinterp_tools(&py);
	CHECK_STR(tools, "python /opt/py/bin/python3.11 -S 3.11.2 pytest none");
	free(tools);
	pyinterp_free(&py);
	unsetenv("MENACE_UNIT_SECRET");
	unit_capture_begin(&c);
	rc = pyinterp_resolve("/nonexistent/python3", &py, NULL);
	err = unit_capture_end(&c);
	CHECK_INT(rc, -1);
	CHECK_STR(err, "menace: cannot run '/nonexistent/python3': No such file or directory\n");
	free(err);
	free(fake);
}

static void test_seed(void)
{
	const char *h = "0123456789abcdef0123456789abcdef";
	unsigned long long a = selftest_seed(h, "hostile_input", "high");

	CHECK(a == selftest_seed(h, "hostile_input", "high"));
	CHECK(a < (1ULL << 53));
	CHECK(a != selftest_seed(h, "hostile_input", "low"));
	CHECK(a != selftest_seed(h, "user_misuse", "high"));
	CHECK(a != selftest_seed("1123456789abcdef0123456789abcdef", "hostile_input", "high"));
}

/* the child's environment takes nothing of menace's own */
static void test_child_env(void)
{
	struct preset_var v[] = {{"SCENARIO_NAME", PRESET_STR, "hostile_input"}};
	char **env, **e;
	int home = 0, scn = 0;

	setenv("SANDBOX_DATA_DIR", "/secret/data", 1);
	setenv("MENACE_SELFTEST_POOL", "/secret/pool", 1);
	unsetenv("PYTHONPATH");
	env = selftest_child_env("/t", "/repo", v, 1);
	for (e = env; *e; e++) {
		CHECK(strncmp(*e, "SANDBOX_", 8) != 0);
		CHECK(strncmp(*e, "MENACE_", 7) != 0);
		home |= strcmp(*e, "HOME=/t/home") == 0;
		scn |= strcmp(*e, "SCENARIO_NAME=hostile_input") == 0;
		if (strncmp(*e, "PYTHONPATH=", 11) == 0)
			CHECK_STR(*e, "PYTHONPATH=/repo");
	}
	CHECK(home && scn);
	CHECK_INT(e - env, 10);
	isolation_env_free(env);
	unsetenv("SANDBOX_DATA_DIR");
	unsetenv("MENACE_SELFTEST_POOL");
}

static void check_summary(const char *text, int timed_out, int passed, const char *want)
{
	int confined;
	char *network, *got;
	cJSON *s = selftest_summary(text, strlen(text), timed_out, passed, &confined, &network);

	got = cJSON_PrintUnformatted(s);
	CHECK_STR(got, want);
	free(got);
	free(network);
	cJSON_Delete(s);
}

static void test_summary(void)
{
	const char *head = "{\"harness\": 1, \"runner\": \"stub\", \"seed\": 7, \"confined\": true, "
			   "\"network\": \"namespace\"}\n";
	const char *calls = "{\"call\": \"pkg.a:f\", \"n\": 0}\n"
			    "{\"done\": \"pkg.a:f\", \"n\": 0, \"outcome\": \"clean_error\"}\n"
			    "{\"call\": \"pkg.a:g\", \"n\": 0}\n";
	const char *zero = "\"returned\":0,\"skipped\":0,\"clean_error\":";
	char *text = xasprintf("%s%s", head, calls), *want;
	int confined;
	char *network;
	cJSON *s;

	s = selftest_summary(text, strlen(text), 0, 0, &confined, &network);
	CHECK(confined);
	CHECK_STR(network, "namespace");
	free(network);
	cJSON_Delete(s);
	/* the last call without its done: hung after a timeout, else crashed */
	want = xasprintf("{\"import\":\"ok\",\"tests\":null,\"calls\":{%s1,\"upstream_error\":0,"
			 "\"error\":0,\"hung\":1,\"crashed\":0},\"functions\":{\"f\":{\"outcome\":"
			 "\"clean_error\",\"clean_error\":1},\"g\":{\"outcome\":\"hung\",\"hung\":1}},"
			 "\"effects\":null,\"failures\":1}", zero);
	check_summary(text, 1, 0, want);
	free(want);
	free(text);
	text = xasprintf("%s%s{\"summary\": {\"import\": \"ok\", \"failures\": 3}}\n", head, calls);
	check_summary(text, 0, 0, "{\"import\":\"ok\",\"failures\":3}");
	free(text);
	/* nothing: the import failed */
	check_summary("", 0, 0, "{\"import\":\"failed\",\"error\":\"the child ended without a summary\","
		      "\"tests\":null,\"calls\":{\"returned\":0,\"skipped\":0,\"clean_error\":0,"
		      "\"upstream_error\":0,\"error\":0,\"hung\":0,\"crashed\":0},\"functions\":{},"
		      "\"effects\":null,\"failures\":1}");
}

static void test_tail(void)
{
	char tail[ISOLATION_TAIL + 1], big[ISOLATION_TAIL + 10];
	size_t n = 0;

	isolation_keep_tail(tail, &n, "abc", 3);
	CHECK_INT(n, 3);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = 'y';
	isolation_keep_tail(tail, &n, big, ISOLATION_TAIL - 2);
	CHECK_INT(n, ISOLATION_TAIL);
	CHECK(tail[0] == 'b');
	isolation_keep_tail(tail, &n, big, sizeof(big));
	CHECK_INT(n, ISOLATION_TAIL);
	CHECK(tail[ISOLATION_TAIL - 1] == 'y');
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
	RUN(test_pyinterp);
	RUN(test_seed);
	RUN(test_child_env);
	RUN(test_summary);
	RUN(test_tail);
	isolation_rmtree(dir);
	free(dir);
	return unit_failed != 0;
}
