/* selftest.c: `menace selftest`: pick the module's test target, run it in
 * an isolated child under a scenario preset, write the result file, the
 * depfile and a metrics.db row. Formats: selftest.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "rules/argopt.h"
#include "base/buf.h"
#include "cli/cli.h"
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

static const char selftest_usage[] =
	"usage: menace selftest --module PATH --scenario NAME [--level low|high]\n"
	"                       [--repo DIR] [--out FILE] [--depfile FILE]\n"
	"                       [--discovered FILE] [--data DIR] [--timeout SECONDS]\n"
	"                       [--python PROGRAM]\n"
	"\n"
	"Runs the tests of one module under one scenario preset in an isolated\n"
	"child and writes its result JSON. Every flag also takes --flag=VALUE.\n"
	"\n"
	"  --repo DIR         the Python repository (default .)\n"
	"  --module PATH      the module, relative to the repo (pkg/a.py)\n"
	"  --scenario NAME    a canonical scenario or alias (menace presets)\n"
	"  --level low|high   the preset level (default low)\n"
	"  --out FILE         the result (default\n"
	"                     DATA/selftest/PATH/SCENARIO-LEVEL.json)\n"
	"  --depfile FILE     write a Makefile depfile of the module's imports\n"
	"  --discovered FILE  discover's output (default DATA/discovered.json)\n"
	"  --data DIR         SANDBOX_DATA_DIR (default sandbox_data; also --data-dir)\n"
	"  --timeout SECONDS  SELF_TEST_TIMEOUT (default 300; fractions allowed)\n"
	"  --python PROGRAM   SANDBOX_PYTHON (default python3)\n"
	"\n"
	"The test is <dir>/test_<stem>.py, tests/test_<stem>.py or\n"
	"tests/<dir>/test_<stem>.py, run with pytest (or menace's builtin runner\n"
	"when the interpreter has no pytest); otherwise the module is imported.\n"
	"The child gets its own process group, the timeout kills the group,\n"
	"RLIMIT_AS = the preset's MEMORY_LIMIT, RLIMIT_CPU from the timeout, a\n"
	"fresh HOME and TMPDIR, stdin from /dev/null, writes confined to those\n"
	"(Landlock), the preset's variables and the repo on PYTHONPATH.\n"
	"\n"
	"exit: 0 the tests ran (passed or failed: see the result), 1 they could not\n"
	"run (no interpreter, unreadable module, unwritable result), 2 bad usage,\n"
	"3 metrics.db unusable, 130 interrupted\n";

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

int cmd_selftest(int argc, char **argv)
{
	const char *repo = ".", *module_arg = NULL, *scenario_arg = NULL, *level = "low";
	const char *out_arg = NULL, *depfile = NULL, *discovered_arg = NULL;
	const char *data = argopt_data_dir(), *timeout_s = NULL, *val;
	const char *python = getenv("SANDBOX_PYTHON");
	const char *scenario, *runner = "import", *mem;
	const struct preset_var *vars;
	char *module = NULL, *modfull = NULL, *test = NULL, *out = NULL, *tmp = NULL;
	char *discovered = NULL, *name = NULL, *test_abs = NULL;
	char repo_abs[PATH_MAX], writable[PATH_MAX];
	char **env = NULL;
	struct deplist deps = {NULL, 0, 0};
	struct isolation iso;
	double timeout = 300;
	size_t nvars, i;
	int a, r, fd, rc = EXIT_USAGE;

	if (want_help(argc, argv, selftest_usage))
		return EXIT_OK;
	for (a = 1; a < argc; a++) {
		static const char *const names[] = {"--repo", "--module", "--scenario", "--level",
						    "--out", "--depfile", "--discovered", "--data",
						    "--timeout", "--python", "--data-dir"};
		const char **dst[] = {&repo, &module_arg, &scenario_arg, &level, &out_arg,
				      &depfile, &discovered_arg, &data, &timeout_s, &python, &data};
		size_t k;

		for (k = 0, r = 0; k < sizeof(names) / sizeof(names[0]) && !r; k++)
			if ((r = argopt_value(argc, argv, &a, names[k], &val)) > 0)
				*dst[k] = val;
		if (r < 0)
			goto usage;
		if (!r) {
			warn("unknown option '%s'", argv[a]);
			goto usage;
		}
	}
	if (!module_arg || !*module_arg || !scenario_arg) {
		warn("selftest needs --module and --scenario");
		goto usage;
	}
	if (!(scenario = presets_canonical(scenario_arg))) {
		warn("unknown scenario '%s'", scenario_arg);
		goto usage;
	}
	if (presets_level(level) < 0) {
		warn("unknown level '%s' (low or high)", level);
		goto usage;
	}
	if (!timeout_s)
		timeout_s = getenv("SELF_TEST_TIMEOUT");
	if (timeout_s && *timeout_s) {
		if (argopt_double("SELF_TEST_TIMEOUT", timeout_s, &timeout) < 0)
			goto usage;
		if (timeout <= 0 || timeout > 1e7) {
			warn("SELF_TEST_TIMEOUT: '%s' is not a positive number of seconds", timeout_s);
			goto usage;
		}
	}
	if (!python || !*python)
		python = "python3";

	rc = EXIT_FAILED;
	if (!realpath(repo, repo_abs)) {
		warn("cannot use repo '%s':", repo);
		goto done;
	}
	module = repo_relative(repo, module_arg);
	if (path_escapes(module)) {
		warn("module '%s' is outside the repo '%s'", module_arg, repo);
		goto usage;
	}
	modfull = path_join(repo, module);
	fd = open(modfull, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		warn("cannot read module '%s':", modfull);
		goto done;
	}
	close(fd);
	if (!exists(modfull)) {
		warn("module '%s' is not a file", modfull);
		goto done;
	}
	out = out_arg ? xstrdup(out_arg) : selftest_result_path(data, module, scenario, level);
	discovered = discovered_arg ? xstrdup(discovered_arg) : path_join(data, "discovered.json");
	test = selftest_find_test(repo, module);
	vars = presets_vars(scenario, presets_level(level), &nvars);

	memset(&iso, 0, sizeof(iso));
	iso.timeout_s = timeout;
	iso.cwd = repo_abs;
	for (i = 0, mem = NULL; i < nvars; i++) {
		if (strcmp(vars[i].key, "MEMORY_LIMIT") == 0)
			mem = vars[i].value;
		if (strcmp(vars[i].key, "CPU_LIMIT") == 0)
			iso.cpu_cores = strtod(vars[i].value, NULL);
	}
	if (mem && isolation_parse_size(mem, &iso.mem_bytes) < 0) {
		warn("scenario '%s': bad MEMORY_LIMIT '%s'", scenario, mem);
		goto done;
	}
	if (!(tmp = isolation_mkdtemp("menace-selftest")))
		goto done;
	{
		char *h = path_join(tmp, "home"), *t = path_join(tmp, "tmp");

		if (mkdir(h, 0700) < 0 || mkdir(t, 0700) < 0) {
			warn("cannot create '%s':", h);
			free(h);
			free(t);
			goto cleanup;
		}
		free(h);
		free(t);
	}
	if (!realpath(tmp, writable)) {
		warn("cannot resolve '%s':", tmp);
		goto cleanup;
	}
	iso.writable = writable;
	env = build_env(writable, repo_abs, vars, nvars);
	iso.env = env;

	if (test) {
		char *probe[] = {(char *)python, "-c", "import pytest", NULL};
		double t = iso.timeout_s;

		test_abs = path_join(repo_abs, test);
		iso.argv = probe;
		iso.timeout_s = PROBE_TIMEOUT;
		if (isolation_run(&iso) < 0)
			goto cleanup;
		if (iso.interrupted)
			goto interrupted;
		iso.timeout_s = t;
		runner = iso.exit_code == 0 && !iso.timed_out ? "pytest" : "builtin";
	}
	if (strcmp(runner, "pytest") == 0) {
		char *args[] = {(char *)python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
				"--rootdir", repo_abs, test_abs, NULL};

		iso.argv = args;
		r = isolation_run(&iso);
	} else if (strcmp(runner, "builtin") == 0) {
		char *args[] = {(char *)python, "-c", (char *)pydriver_source, test_abs, NULL};

		iso.argv = args;
		r = isolation_run(&iso);
	} else {
		char *args[] = {(char *)python, "-c",
				"import importlib, sys; importlib.import_module(sys.argv[1])",
				NULL, NULL};

		name = selftest_module_name(module);
		args[3] = name;
		iso.argv = args;
		r = isolation_run(&iso);
	}
	if (r < 0)
		goto cleanup;
	if (iso.interrupted)
		goto interrupted;
	if (isolation_rmtree(tmp) < 0)
		warn("cannot remove the temporary directory '%s'", tmp);
	free(tmp);
	tmp = NULL;

	if (write_result(out, module, scenario, level, runner, test, &iso) < 0)
		goto done;
	if (depfile) {
		deps_add(&deps, xstrdup(modfull));
		if (test) {
			deps_add(&deps, path_join(repo, test));
			if (strcmp(runner, "pytest") == 0)
				deps_conftest(&deps, repo, test);
		}
		deps_discovered(&deps, repo, module, discovered);
		if (write_depfile(depfile, out, &deps) < 0)
			goto done;
	}
	rc = record_metrics(data, module, scenario, level, &iso) < 0 ? EXIT_STATE : EXIT_OK;
	goto done;
interrupted:
	rc = EXIT_INTERRUPTED;
	warn("interrupted");
	goto cleanup;
usage:
	rc = usage_error("usage: menace selftest --module PATH --scenario NAME [--level low|high] ...\n");
	goto done;
cleanup:
	if (tmp && isolation_rmtree(tmp) < 0)
		warn("cannot remove the temporary directory '%s'", tmp);
done:
	for (i = 0; i < deps.n; i++)
		free(deps.v[i]);
	free(deps.v);
	free_env(env);
	free(tmp);
	free(name);
	free(test_abs);
	free(discovered);
	free(out);
	free(test);
	free(modfull);
	free(module);
	return rc;
}
