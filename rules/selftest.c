/* selftest.c: `menace selftest`: pick the module's test target, run it in
 * an isolated child under a scenario preset, write the result file, the
 * depfile and a metrics.db row. Formats: selftest.h; the command line:
 * cli/cmd_selftest.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "rules/isolation.h"
#include "rules/jsonout.h"
#include "rules/metricsdb.h"
#include "base/path.h"
#include "rules/presets.h"
#include "rules/pydriver.h"
#include "rules/selftest.h"
#include "base/util.h"

extern char **environ;

#define PROBE_TIMEOUT 60.0

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

/* "KEY=" prefix match */
static int env_is(const char *entry, const char *key)
{
	size_t n = strlen(key);

	return strncmp(entry, key, n) == 0 && entry[n] == '=';
}

static char **build_env(const char *tmp, const char *repo_abs, const struct preset_var *vars,
			size_t nvars)
{
	static const char *const own[] = {"HOME", "TMPDIR", "TMP", "TEMP", "PYTHONPATH",
					  "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"};
	const char *oldpath = getenv("PYTHONPATH");
	size_t n = 0, cap = 0, i, k;
	char **env = NULL;
	char **e;

	for (e = environ; *e; e++) {
		int skip = 0;

		for (k = 0; k < sizeof(own) / sizeof(own[0]) && !skip; k++)
			skip = env_is(*e, own[k]);
		for (k = 0; k < nvars && !skip; k++)
			skip = env_is(*e, vars[k].key);
		if (skip)
			continue;
		growarray(&env, &cap, n + 1, sizeof(char *));
		env[n++] = xstrdup(*e);
	}
	growarray(&env, &cap, n + nvars + 8, sizeof(char *));
	env[n++] = xasprintf("HOME=%s/home", tmp);
	env[n++] = xasprintf("TMPDIR=%s/tmp", tmp);
	env[n++] = xasprintf("TMP=%s/tmp", tmp);
	env[n++] = xasprintf("TEMP=%s/tmp", tmp);
	if (oldpath && *oldpath)
		env[n++] = xasprintf("PYTHONPATH=%s:%s", repo_abs, oldpath);
	else
		env[n++] = xasprintf("PYTHONPATH=%s", repo_abs);
	env[n++] = xstrdup("PYTHONDONTWRITEBYTECODE=1");
	env[n++] = xstrdup("PYTHONUNBUFFERED=1");
	for (i = 0; i < nvars; i++)
		env[n++] = xasprintf("%s=%s", vars[i].key, vars[i].value);
	env[n] = NULL;
	return env;
}

static void free_env(char **env)
{
	char **e;

	for (e = env; e && *e; e++)
		free(*e);
	free(env);
}

static void dep_put(struct buf *b, const char *path)
{
	const char *p;

	for (p = path; *p; p++) {
		if (*p == ' ' || *p == '#' || *p == '\\')
			buf_putc(b, '\\');
		if (*p == '$')
			buf_putc(b, '$');
		buf_putc(b, *p);
	}
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
		p = xstrdup(it->valuestring);
		path_clean(p);
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

	dep_put(&b, out);
	buf_putc(&b, ':');
	for (i = 0; i < d->n; i++) {
		buf_puts(&b, i ? " \\\n  " : " ");
		dep_put(&b, d->v[i]);
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

static int write_result(const char *out, const char *module, const char *scenario,
			const char *level, const char *runner, const char *test,
			struct isolation *iso)
{
	cJSON *r = cJSON_CreateObject();
	int rc;

	iso->tail_len = selftest_clean_utf8(iso->tail, iso->tail_len);
	cJSON_AddNumberToObject(r, "version", 1);
	cJSON_AddStringToObject(r, "module", module);
	cJSON_AddStringToObject(r, "scenario", scenario);
	cJSON_AddStringToObject(r, "level", level);
	cJSON_AddBoolToObject(r, "passed", !iso->timed_out && iso->exit_code == 0);
	cJSON_AddNumberToObject(r, "exit_code", iso->exit_code);
	cJSON_AddNumberToObject(r, "duration_s", (double)(long long)(iso->duration_s * 1000 + 0.5) / 1000);
	cJSON_AddBoolToObject(r, "timed_out", iso->timed_out);
	cJSON_AddStringToObject(r, "output_tail", iso->tail);
	cJSON_AddStringToObject(r, "runner", runner);
	if (test)
		cJSON_AddStringToObject(r, "test", test);
	else
		cJSON_AddNullToObject(r, "test");
	cJSON_AddBoolToObject(r, "confined", iso->confined);
	rc = jsonout_save(out, r);
	cJSON_Delete(r);
	return rc;
}

static int record_metrics(const char *data, const char *module, const char *scenario,
			  const char *level, const struct isolation *iso)
{
	char *path = path_join(data, "metrics.db");
	struct metricsdb *db = metricsdb_open(path);
	char *run_id = metricsdb_run_id();
	struct metrics_selftest row;
	int rc = -1;

	free(path);
	if (!db)
		goto done;
	row.run_id = run_id;
	row.module = module;
	row.scenario = scenario;
	row.level = level;
	row.passed = !iso->timed_out && iso->exit_code == 0;
	row.exit_code = iso->exit_code;
	row.timed_out = iso->timed_out;
	row.duration_s = iso->duration_s;
	if (metricsdb_begin(db) == 0) {
		if (metricsdb_add_selftest(db, &row) == 0 && metricsdb_commit(db) == 0)
			rc = 0;
		else
			metricsdb_rollback(db);
	}
	metricsdb_close(db);
done:
	free(run_id);
	return rc;
}

/* module as given (repo-relative, or a path under repo) -> clean repo-relative */
static char *repo_relative(const char *repo, const char *module)
{
	char *m = xstrdup(module), *r = xstrdup(repo), *full;
	size_t rn;

	path_clean(m);
	path_clean(r);
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
	return 0;
}

/* one run's state, from the options to the result */
struct run {
	const struct selftest_opts *o;
	const char *scenario;         /* canonical */
	const char *runner;           /* "pytest", "builtin" or "import" */
	char *module, *modfull;       /* repo-relative; joined to the repo */
	char *test, *test_abs;        /* the test file or NULL; its absolute path */
	char *out, *tmp, *name;       /* the result file; the child's HOME+TMPDIR; dotted module */
	char repo_abs[PATH_MAX], writable[PATH_MAX];
	char **env;
	struct isolation iso;
};

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

/* a fresh HOME and TMPDIR for the child in r->tmp: 0, or -1 after a warning */
static int make_home(struct run *r)
{
	char *h, *t;
	int rc = 0;

	if (!(r->tmp = isolation_mkdtemp("menace-selftest")))
		return -1;
	h = path_join(r->tmp, "home");
	t = path_join(r->tmp, "tmp");
	if (mkdir(h, 0700) < 0 || mkdir(t, 0700) < 0)
		rc = error("cannot create '%s':", h);
	free(h);
	free(t);
	if (rc == 0 && !realpath(r->tmp, r->writable))
		rc = error("cannot resolve '%s':", r->tmp);
	return rc;
}

/* the isolation of the preset: its limits, the home, the environment;
 * 0, or -1 after a warning */
static int prepare_child(struct run *r)
{
	const struct selftest_opts *o = r->o;
	const struct preset_var *vars;
	const char *mem = NULL;
	size_t nvars, i;

	vars = presets_vars(r->scenario, presets_level(o->level), &nvars);
	memset(&r->iso, 0, sizeof(r->iso));
	r->iso.timeout_s = o->timeout_s;
	r->iso.cwd = r->repo_abs;
	for (i = 0; i < nvars; i++) {
		if (strcmp(vars[i].key, "MEMORY_LIMIT") == 0)
			mem = vars[i].value;
		if (strcmp(vars[i].key, "CPU_LIMIT") == 0)
			r->iso.cpu_cores = strtod(vars[i].value, NULL);
	}
	if (mem && isolation_parse_size(mem, &r->iso.mem_bytes) < 0)
		return error("scenario '%s': bad MEMORY_LIMIT '%s'", r->scenario, mem);
	if (make_home(r) < 0)
		return -1;
	r->iso.writable = r->writable;
	r->env = build_env(r->writable, r->repo_abs, vars, nvars);
	r->iso.env = r->env;
	return 0;
}

/* which runner: pytest when the interpreter imports it, else menace's
 * builtin one; the import smoke test without a test file. 0, or -1 */
static int pick_runner(struct run *r)
{
	char *probe[] = {(char *)r->o->python, "-c", "import pytest", NULL};
	double t = r->iso.timeout_s;

	r->runner = "import";
	if (!r->test)
		return 0;
	r->test_abs = path_join(r->repo_abs, r->test);
	r->iso.argv = probe;
	r->iso.timeout_s = PROBE_TIMEOUT;
	if (isolation_run(&r->iso) < 0)
		return -1;
	if (r->iso.interrupted)
		return 0;
	r->iso.timeout_s = t;
	r->runner = r->iso.exit_code == 0 && !r->iso.timed_out ? "pytest" : "builtin";
	return 0;
}

/* the test (or the import) in the child; 0 when it ran, -1 after a warning */
static int run_test(struct run *r)
{
	char *python = (char *)r->o->python;

	if (strcmp(r->runner, "pytest") == 0) {
		char *args[] = {python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
				"--rootdir", r->repo_abs, r->test_abs, NULL};

		r->iso.argv = args;
		return isolation_run(&r->iso);
	}
	if (strcmp(r->runner, "builtin") == 0) {
		char *args[] = {python, "-c", (char *)pydriver_source, r->test_abs, NULL};

		r->iso.argv = args;
		return isolation_run(&r->iso);
	}
	{
		char *args[] = {python, "-c",
				"import importlib, sys; importlib.import_module(sys.argv[1])",
				NULL, NULL};

		r->name = selftest_module_name(r->module);
		args[3] = r->name;
		r->iso.argv = args;
		return isolation_run(&r->iso);
	}
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
		if (strcmp(r->runner, "pytest") == 0)
			deps_conftest(&deps, o->repo, r->test);
	}
	deps_discovered(&deps, o->repo, r->module, discovered);
	rc = write_depfile(o->depfile, r->out, &deps);
	for (i = 0; i < deps.n; i++)
		free(deps.v[i]);
	free(deps.v);
	free(discovered);
	return rc;
}

/* the result file, the depfile and the metrics.db row: the exit status */
static int write_outputs(struct run *r)
{
	const struct selftest_opts *o = r->o;

	if (write_result(r->out, r->module, r->scenario, o->level, r->runner, r->test, &r->iso) < 0)
		return EXIT_FAILED;
	if (o->depfile && write_deps(r) < 0)
		return EXIT_FAILED;
	if (record_metrics(o->data, r->module, r->scenario, o->level, &r->iso) < 0)
		return EXIT_STATE;
	return EXIT_OK;
}

/* the child's steps: EXIT_OK when the test ran, else the exit status */
static int run_child(struct run *r)
{
	if (prepare_child(r) < 0 || pick_runner(r) < 0)
		return EXIT_FAILED;
	if (!r->iso.interrupted && run_test(r) < 0)
		return EXIT_FAILED;
	if (r->iso.interrupted) {
		warn("interrupted");
		return EXIT_INTERRUPTED;
	}
	return EXIT_OK;
}

static void remove_tmp(struct run *r)
{
	if (r->tmp && isolation_rmtree(r->tmp) < 0)
		warn("cannot remove the temporary directory '%s'", r->tmp);
	free(r->tmp);
	r->tmp = NULL;
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
	rc = resolve_module(&r);
	if (rc == 0) {
		r.out = o->out ? xstrdup(o->out) : selftest_result_path(o->data, r.module, r.scenario, o->level);
		r.test = selftest_find_test(o->repo, r.module);
		rc = run_child(&r);
		remove_tmp(&r);
	}
	if (rc == 0)
		rc = write_outputs(&r);
	free_env(r.env);
	free(r.name);
	free(r.test_abs);
	free(r.out);
	free(r.test);
	free(r.modfull);
	free(r.module);
	return rc;
}
