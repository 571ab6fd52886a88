/* unit tests of the worker pool through `menace selftest`'s own entry: a
 * build's pool (MENACE_SELFTEST_POOL) is used, a killed or wedged worker is
 * replaced, stopping the pool leaves nothing. Needs /usr/bin/python3. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "rules/isolation.h"
#include "rules/selftest.h"
#include "rules/workerpool.h"
#include "unit.h"
#include "base/util.h"

static char *dir;

static long worker_pid(const struct workerpool *p)
{
	char *f = xasprintf("%s/w0.pid", p->dir), *t;
	size_t len;
	long pid;

	t = read_file(f, &len);
	pid = t ? atol(t) : 0;
	free(t);
	free(f);
	return pid;
}

/* pid runs (a zombie does not: its parent may be a PID 1 that never reaps) */
static int running(long pid)
{
	char *f = xasprintf("/proc/%ld/stat", pid), *t, *rp;
	size_t len;
	int r;

	t = read_file(f, &len);
	rp = t ? strrchr(t, ')') : NULL;
	r = rp && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
	free(t);
	free(f);
	return r;
}

static void gone(long pid)
{
	int i;

	for (i = 0; i < 500 && running(pid); i++)
		usleep(10000);
}

/* one self-test of pkg/a.py through the pool: passed and run by python */
static void selftest_once(const char *out)
{
	struct selftest_opts o = {.repo = dir, .module = "pkg/a.py", .scenario = "hostile_input",
				  .level = "low", .timeout_s = 30, .python = "/usr/bin/python3",
				  .call_timeout_s = 2, .conftest = 1};
	char *data = path_join(dir, "data"), *res = path_join(dir, out), *text;
	size_t len;

	o.data = data;
	o.out = res;
	CHECK_INT(selftest_run(&o), 0);
	text = read_file(res, &len);
	CHECK(text && strstr(text, "\"interpreter\": \"/usr/bin/python3\""));
	CHECK(text && strstr(text, "\"version\": 2"));
	free(text);
	free(res);
	free(data);
}

static void test_pool(void)
{
	struct pyinterp py;
	struct workerpool *p, *q;
	struct worker w;
	char *pkg = path_join(dir, "pkg/a.py"), *pooldir;
	long first, second;

	mkdir_parents(pkg);
	CHECK_INT(write_file_atomic(pkg, "def f(x):\n    return x\n", 24), 0);
	free(pkg);
	if (pyinterp_resolve("/usr/bin/python3", &py, NULL) < 0)
		return;
	p = workerpool_create(&py, 1, 0, NULL);
	pyinterp_free(&py);
	CHECK(p != NULL);
	if (!p)
		return;
	setenv(WORKERPOOL_ENV, p->dir, 1);
	selftest_once("r1.json");
	first = worker_pid(p);
	CHECK(first > 1);
	/* killed: the next self-test starts another in its place */
	kill((pid_t)first, SIGKILL);
	gone(first);
	selftest_once("r2.json");
	second = worker_pid(p);
	CHECK(second > 1 && second != first);
	/* wedged (stopped): it is killed and replaced after the hello timeout */
	kill((pid_t)second, SIGSTOP);
	q = workerpool_open(p->dir);
	CHECK(q != NULL);
	q->hello_timeout_s = 0.5;
	CHECK_INT(workerpool_take(q, &w, NULL), 0);
	CHECK(w.pid > 1 && w.pid != second);
	workerpool_release(&w);
	workerpool_free(q);
	selftest_once("r3.json");
	gone(second);
	CHECK(!running(second));
	CHECK(worker_pid(p) != second);
	unsetenv(WORKERPOOL_ENV);
	pooldir = xstrdup(p->dir);
	second = worker_pid(p);
	workerpool_stop(p);
	gone(second);
	CHECK(!running(second));
	CHECK(access(pooldir, F_OK) < 0);
	free(pooldir);
}

int main(void)
{
	dir = isolation_mkdtemp("menace-unit-pool");
	if (!dir)
		return 1;
	if (access("/usr/bin/python3", X_OK) == 0)
		RUN(test_pool);
	isolation_rmtree(dir);
	free(dir);
	return unit_failed != 0;
}
