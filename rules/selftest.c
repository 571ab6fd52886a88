/* selftest.c: `menace selftest`: pick the module's test target, run it in
 * a child forked by a preloaded worker (the build's pool, or one of its
 * own) under a scenario preset, write the result file, the depfile and a
 * metrics.db row. Formats: selftest.h; the request: selftestreq.c; the
 * result: selftestres.c; the command line: cli/cmd_selftest.c. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/hash.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/stale.h"
#include "rules/isolation.h"
#include "rules/presets.h"
#include "rules/selftestrun.h"

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *selftest_module_name(const char *module)
{
	char *name = xstrdup(module);
	size_t n = strlen(name);
	char *p;

	if (n > 3 && strcmp(name + n - 3, ".py") == 0)
		name[n -= 3] = '\0';
	if (n >= 9 && strcmp(name + n - 9, "/__init__") == 0)
		name[n - 9] = '\0';
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	return name;
}

char *selftest_find_test(const char *repo, const char *module)
{
	char *dir = path_dirname(module);
	const char *base = strrchr(module, '/');
	char *stem, *cand[3], *found = NULL;
	size_t n;
	int i;

	base = base ? base + 1 : module;
	n = strlen(base);
	stem = xstrndup(base, n > 3 && strcmp(base + n - 3, ".py") == 0 ? n - 3 : n);
	cand[0] = xasprintf("%s/test_%s.py", dir, stem);
	cand[1] = xasprintf("tests/test_%s.py", stem);
	cand[2] = xasprintf("tests/%s/test_%s.py", dir, stem);
	for (i = 0; i < 3; i++) {
		char *full;

		path_clean(cand[i]);
		full = path_join(repo, cand[i]);
		if (!found && strcmp(cand[i], module) != 0 && exists(full))
			found = xstrdup(cand[i]);
		free(full);
		free(cand[i]);
	}
	free(stem);
	free(dir);
	return found;
}

char *selftest_result_path(const char *data, const char *module, const char *scenario,
			   const char *level)
{
	char *p = xasprintf("%s/selftest/%s/%s-%s.json", data, module, scenario, level);

	path_clean(p);
	return p;
}

static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

size_t selftest_clean_utf8(char *s, size_t n)
{
	unsigned char *u = (unsigned char *)s;
	size_t skip = 0, i, k;

	/* the tail may start inside a character */
	while (skip < 3 && skip < n && (u[skip] & 0xC0) == 0x80)
		skip++;
	memmove(s, s + skip, n - skip);
	n -= skip;
	for (i = 0; i < n; i += k) {
		k = utf8_len(u + i, n - i);
		if (!k) {
			u[i] = '?';
			k = 1;
		}
	}
	s[n] = '\0';
	return n;
}

struct deplist {
	char **v;
	size_t n, cap;
};

static void deps_add(struct deplist *d, char *path)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i], path) == 0) {
			free(path);
			return;
		}
	growarray(&d->v, &d->cap, d->n + 1, sizeof(char *));
	d->v[d->n++] = path;
}

/* the module's import closure from discover's output; a missing file or
 * entry leaves just the module and its test */
static void deps_discovered(struct deplist *d, const char *repo, const char *module,
			    const char *discovered)
{
	char *text;
	size_t len;
	cJSON *root, *entry, *deps, *it;

	text = read_file(discovered, &len);
	if (!text) {
		if (errno != ENOENT)
			warn("cannot read '%s':", discovered);
		return;
	}
	root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!cJSON_IsObject(root)) {
		warn("%s: not a JSON object; the depfile lists only the module and its test",
		     discovered);
		cJSON_Delete(root);
		return;
	}
	entry = cJSON_GetObjectItemCaseSensitive(root, module);
	deps = cJSON_GetObjectItemCaseSensitive(entry, "deps");
	cJSON_ArrayForEach(it, deps) {
		char *p;

		if (!cJSON_IsString(it))
			continue;
		p = path_clean_dup(it->valuestring);
		if (!path_escapes(p))
			deps_add(d, path_join(repo, p));
		free(p);
	}
	cJSON_Delete(root);
}

static int write_depfile(const char *depfile, const char *out, struct deplist *d)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	depfile_put_path(&b, out);
	buf_putc(&b, ':');
	for (i = 0; i < d->n; i++) {
		buf_puts(&b, i ? " \\\n  " : " ");
		depfile_put_path(&b, d->v[i]);
	}
	buf_putc(&b, '\n');
	rc = write_file_atomic(depfile, b.s, b.len);
	buf_free(&b);
	return rc;
}

/* conftest.py files pytest would load for test (repo-relative) */
static void deps_conftest(struct deplist *d, const char *repo, const char *test)
{
	char *dir = xstrdup(test), *slash;

	for (;;) {
		char *c, *full;

		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		c = slash ? xasprintf("%s/conftest.py", dir) : xstrdup("conftest.py");
		full = path_join(repo, c);
		if (exists(full))
			deps_add(d, full);
		else
			free(full);
		free(c);
		if (!slash)
			break;
	}
	free(dir);
}

/* module as given (repo-relative, or a path under repo) -> clean repo-relative */
static char *repo_relative(const char *repo, const char *module)
{
	char *m = path_clean_dup(module), *r = path_clean_dup(repo), *full;
	size_t rn;

	full = path_join(r, m);
	rn = strlen(r);
	if (!exists(full) && strcmp(r, ".") != 0 && strncmp(m, r, rn) == 0 && m[rn] == '/') {
		char *stripped = xstrdup(m + rn + 1);

		free(m);
		m = stripped;
	}
	free(full);
	free(r);
	return m;
}

int selftest_check(const struct selftest_opts *o)
{
	if (!o->module || !*o->module || !o->scenario)
		return error("selftest needs --module and --scenario");
	if (!presets_canonical(o->scenario))
		return error("unknown scenario '%s'", o->scenario);
	if (presets_level(o->level) < 0)
		return error("unknown level '%s' (low or high)", o->level);
	if (o->runner && strcmp(o->runner, "auto") != 0 && strcmp(o->runner, "pytest") != 0 &&
	    strcmp(o->runner, "builtin") != 0)
		return error("unknown runner '%s' (auto, pytest or builtin)", o->runner);
	return 0;
}

/* the repo and the module: 0, or the exit status after a warning */
static int resolve_module(struct run *r)
{
	const struct selftest_opts *o = r->o;
	int fd;

	if (!realpath(o->repo, r->repo_abs)) {
		warn("cannot use repo '%s':", o->repo);
		return EXIT_FAILED;
	}
	r->module = repo_relative(o->repo, o->module);
	if (path_escapes(r->module)) {
		warn("module '%s' is outside the repo '%s'", o->module, o->repo);
		return EXIT_USAGE;
	}
	r->modfull = path_join(o->repo, r->module);
	fd = open(r->modfull, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		warn("cannot read module '%s':", r->modfull);
		return EXIT_FAILED;
	}
	close(fd);
	if (!exists(r->modfull)) {
		warn("module '%s' is not a file", r->modfull);
		return EXIT_FAILED;
	}
	return 0;
}

/* path an empty directory: made, or emptied when a self-test left
 * something in it; 0, or -1 after an error */
static int empty_dir(const char *path)
{
	DIR *d;
	struct dirent *e;
	int used = 0;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST || !(d = opendir(path)))
		return error("cannot create '%s':", path);
	while (!used && (e = readdir(d)))
		used = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	if (used && (isolation_rmtree(path) < 0 || mkdir(path, 0700) < 0))
		return error("cannot empty '%s':", path);
	return 0;
}

/* the child's HOME and TMPDIR, in the worker's wK.home (its lock held):
 * empty, whatever the self-test before left; the outcomes file empty or
 * absent. 0, or -1 after an error */
static int take_home(struct run *r)
{
	char *dir = xasprintf("%s/w%u.home", r->pool->dir, r->w.k);
	char *h = path_join(dir, "home"), *t = path_join(dir, "tmp"), *f = path_join(dir, "outcomes.jsonl");
	int rc = 0;

	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) || empty_dir(h) < 0 || empty_dir(t) < 0 ||
	    file_make_empty(f) < 0)
		rc = error("cannot prepare '%s':", dir);
	else if (!realpath(dir, r->writable))
		rc = error("cannot resolve '%s':", dir);
	free(f);
	free(t);
	free(h);
	free(dir);
	return rc;
}

/* the module, its test (and conftest.py files) and its imports into the depfile */
static int write_deps(struct run *r)
{
	const struct selftest_opts *o = r->o;
	struct deplist deps = {NULL, 0, 0};
	char *discovered;
	size_t i;
	int rc;

	discovered = o->discovered ? xstrdup(o->discovered) : path_join(o->data, "discovered.json");
	deps_add(&deps, xstrdup(r->modfull));
	if (r->test) {
		deps_add(&deps, path_join(o->repo, r->test));
		if (strcmp(r->runner, "pytest") == 0 && o->conftest)
			deps_conftest(&deps, o->repo, r->test);
	}
	if (r->edge_cases && r->edge_cases[0] == '/')
		deps_add(&deps, xstrdup(r->edge_cases));
	deps_discovered(&deps, o->repo, r->module, discovered);
	rc = write_depfile(o->depfile, r->out, &deps);
	for (i = 0; i < deps.n; i++)
		free(deps.v[i]);
	free(deps.v);
	free(discovered);
	return rc;
}

/* the seed from the module's content, the scenario and the level; and
 * SANDBOX_EDGE_CASES: JSON text as it is, a file by its absolute path.
 * 0, or the exit status after a warning */
static int resolve_inputs(struct run *r)
{
	const char *e = r->o->edge_cases;
	char hex[HASH_HEX], abs[PATH_MAX];
	struct hash h;

	if (hash_file(r->modfull, &h) < 0) {
		warn("cannot read module '%s':", r->modfull);
		return EXIT_FAILED;
	}
	hash_hex(h, hex);
	r->seed = selftest_seed(hex, r->scenario, r->o->level);
	if (!e || !*e)
		return 0;
	e += strspn(e, " \t\n");
	if (*e == '{' || *e == '[') {
		r->edge_cases = xstrdup(r->o->edge_cases);
		return 0;
	}
	if (!realpath(r->o->edge_cases, abs)) {
		warn("SANDBOX_EDGE_CASES: cannot read '%s':", r->o->edge_cases);
		return EXIT_FAILED;
	}
	r->edge_cases = xstrdup(abs);
	return 0;
}

/* the build's pool when MENACE_SELFTEST_POOL names one of the same
 * interpreter, else a private one-worker pool; 0, -1 after a warning, 1
 * interrupted */
static int get_pool(struct run *r)
{
	const char *dir = getenv(WORKERPOOL_ENV);
	struct pyinterp py;
	int rc;

	if (dir && *dir) {
		r->pool = workerpool_open(dir);
		if (r->pool && strcmp(r->pool->py.spec, r->o->python) == 0)
			return 0;
		workerpool_free(r->pool);
		r->pool = NULL;
	}
	rc = pyinterp_resolve(r->o->python, &py, &r->sp);
	if (rc != 0)
		return rc;
	/* its workers' orphans come here, to be killed when it stops */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	r->private_pool = 1;
	r->pool = workerpool_create(&py, 1, 1, &r->sp);
	pyinterp_free(&py);
	if (!r->pool)
		return r->sp.interrupted ? 1 : -1;
	return 0;
}

/* the stub without a test file; else the runner o asks for, the default
 * (auto) being pytest when the worker's interpreter has it; NULL when
 * pytest is asked for and missing */
static const char *pick_runner(const struct run *r)
{
	const char *want = r->o->runner;

	if (!r->test)
		return "stub";
	if (want && strcmp(want, "builtin") == 0)
		return "builtin";
	if (want && strcmp(want, "pytest") == 0)
		return r->w.pytest ? "pytest" : NULL;
	return r->w.pytest ? "pytest" : "builtin";
}

/* the test in a worker's child; 0 when it ran (r->res), -1 after a
 * warning, 1 interrupted */
static int run_in_worker(struct run *r)
{
	char *req;
	int rc = workerpool_take(r->pool, &r->w, &r->sp);

	if (rc != 0)
		return rc;
	if (take_home(r) < 0) {
		workerpool_release(&r->w);
		return -1;
	}
	r->runner = pick_runner(r);
	if (!r->runner) {
		error("SELF_TEST_RUNNER is pytest, but %s has no pytest", r->w.python);
		workerpool_release(&r->w);
		return -1;
	}
	r->interpreter = xstrdup(r->w.python);
	req = selftest_request(r);
	rc = req ? worker_run(&r->w, req, r->o->timeout_s, &r->sp, &r->res) : -1;
	free(req);
	if (rc == 0)
		selftest_read_outcomes(r);
	workerpool_release(&r->w);
	if (rc == 0 && r->res.interrupted)
		rc = 1;
	return rc;
}

/* the result file, the depfile and the metrics.db row: the exit status */
static int write_outputs(struct run *r)
{
	if (selftest_write_result(r) < 0)
		return EXIT_FAILED;
	if (r->o->depfile && write_deps(r) < 0)
		return EXIT_FAILED;
	if (selftest_record(r) < 0)
		return EXIT_STATE;
	return EXIT_OK;
}

/* pool, worker, result; the exit status */
static int run_all(struct run *r)
{
	int rc = get_pool(r);

	if (rc == 0)
		rc = run_in_worker(r);
	if (rc == 0)
		selftest_stable_tail(r);
	if (r->private_pool)
		workerpool_stop(r->pool);
	else
		workerpool_free(r->pool);
	r->pool = NULL;
	if (rc == 0)
		rc = write_outputs(r);
	else if (rc > 0 || r->sp.interrupted)
		rc = EXIT_INTERRUPTED;
	else
		rc = EXIT_FAILED;
	return rc;
}

int selftest_run(const struct selftest_opts *o)
{
	struct run r;
	int rc;

	if (selftest_check(o) < 0)
		return EXIT_USAGE;
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.scenario = presets_canonical(o->scenario);
	/* SIGHUP too, also when the caller ignored it (as nohup does) */
	selfpipe_start(&r.sp, 1);
	rc = resolve_module(&r);
	if (rc == 0)
		rc = resolve_inputs(&r);
	if (rc == 0) {
		r.out = o->out ? xstrdup(o->out) : selftest_result_path(o->data, r.module, r.scenario, o->level);
		r.test = selftest_find_test(o->repo, r.module);
		if (r.test)
			r.test_abs = path_join(r.repo_abs, r.test);
		rc = run_all(&r);
	}
	selfpipe_stop(&r.sp);
	if (rc == EXIT_INTERRUPTED)
		warn("interrupted");
	free(r.interpreter);
	free(r.outcomes);
	free(r.edge_cases);
	free(r.test_abs);
	free(r.out);
	free(r.test);
	free(r.modfull);
	free(r.module);
	return rc;
}
