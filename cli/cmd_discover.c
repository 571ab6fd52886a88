/* cmd_discover.c: menace discover, the sandbox's orphan discovery (rules/discover.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "engine/stale.h"
#include "base/opt.h"
#include "rules/discover.h"
#include "base/buf.h"
#include "base/fsio.h"
#include "rules/jsondoc.h"
#include "base/util.h"

static const char usage[] =
	"usage: menace discover [--repo DIR] [--out FILE] [--classifications FILE]\n"
	"                       [--queue FILE] [--data-dir DIR] [--skip-dirs A:B]\n"
	"                       [--recursive-orphans | --no-recursive-orphans]\n"
	"                       [--max-recursion-depth N] [--include-redundant] [-j N]\n"
	"                       [--exclude-files A:B] [--module-map FILE] [--depfile FILE]\n"
	"                       [--no-orphan-scan]\n"
	"       menace discover --imports FILE\n"
	"\n"
	"Finds the Python modules of a repository that nothing imports (orphans),\n"
	"and, recursively, the modules only orphans import; classifies them as\n"
	"legacy, redundant or candidate; writes discovered.json,\n"
	"orphan_classifications.json and test_queue.json (docs/sandbox.md).\n\n"
	"options (each also as --KEY=VALUE; booleans take 1/0, true/false, yes/no, on/off):\n"
	"  --repo DIR                the repository to scan (default .)\n"
	"  --data-dir DIR, --data DIR   where the outputs go (SANDBOX_DATA_DIR, default sandbox_data)\n"
	"  --out FILE                discovered.json (default DATA_DIR/discovered.json)\n"
	"  --classifications FILE    default DATA_DIR/orphan_classifications.json\n"
	"  --queue FILE              default DATA_DIR/test_queue.json\n"
	"  --skip-dirs A:B           more directories to skip: a name skips it at any\n"
	"                            depth, a path with '/' skips that directory\n"
	"                            (SANDBOX_SKIP_DIRS); tests .git .venv venv\n"
	"                            __pycache__ node_modules build dist always are\n"
	"  --recursive-orphans, --no-recursive-orphans (--no-recursive,\n"
	"  --[no-]recursive-include) follow modules only orphans import\n"
	"                            (SANDBOX_RECURSIVE_ORPHANS, else\n"
	"                            SELF_TEST_RECURSIVE_ORPHANS; default 1)\n"
	"  --recursive-isolated, --no-recursive-isolated  the same for isolated\n"
	"                            modules (SANDBOX_RECURSIVE_ISOLATED, else\n"
	"                            SELF_TEST_RECURSIVE_ISOLATED); with both set,\n"
	"                            recursion is on when either is\n"
	"  --max-recursion-depth N   follow at most N imports from a first-round orphan\n"
	"                            (SANDBOX_MAX_RECURSION_DEPTH, default no limit)\n"
	"  --include-redundant (--test-redundant), --no-include-redundant\n"
	"                            queue redundant and legacy orphans for self-tests\n"
	"                            (SANDBOX_TEST_REDUNDANT, else\n"
	"                            SELF_TEST_INCLUDE_REDUNDANT; default 1)\n"
	"  --exclude-files A:B       files that are never orphans, by name (a pattern\n"
	"                            with '/': by path) (SANDBOX_EXCLUDE_FILES; default\n"
	"                            test_*.py:*_test.py:conftest.py:sitecustomize.py:\n"
	"                            setup.py:__main__.py; ':' alone: none)\n"
	"  --module-map FILE         the modules already integrated: those menace did\n"
	"                            not test into it are not queued (default: none)\n"
	"  --depfile FILE            write FILE: module_map.json when the queue\n"
	"                            depends on it\n"
	"  --no-orphan-scan          queue nothing (SANDBOX_DISABLE_ORPHAN_SCAN=1,\n"
	"                            SANDBOX_DISABLE_ORPHANS=1, SELF_TEST_DISABLE_ORPHANS=1,\n"
	"                            SELF_TEST_DISCOVER_ORPHANS=0, SELF_TEST_INCLUDE_ORPHANS=0)\n"
	"  -j N, --jobs N            scanning threads (SANDBOX_DISCOVERY_WORKERS;\n"
	"                            default: one per core)\n"
	"  --imports FILE            print the imports of one file and exit:\n"
	"                            \"LINE import a.b\", \"LINE from .x import y\",\n"
	"                            \"LINE dynamic a.b\"\n\n"
	"exit status: 0 done (files that do not tokenize are reported and skipped),\n"
	"1 the repository or an output could not be read or written, 2 usage.\n";

/* split a ':'-separated list into *v (the strings are kept in *store) */
static void split_list(const char *list, char **store, const char ***v, size_t *n)
{
	char *s, *p;

	free(*store);
	free(*v);
	*v = NULL;
	*n = 0;
	*store = s = xstrdup(list);
	while (s) {
		p = strchr(s, ':');
		if (p)
			*p++ = '\0';
		/* "./a/b/" is "a/b" */
		while (s[0] == '.' && s[1] == '/')
			s += 2;
		while (*s && s[strlen(s) - 1] == '/')
			s[strlen(s) - 1] = '\0';
		if (*s) {
			*v = xreallocarray(*v, *n + 1, sizeof(char *));
			(*v)[(*n)++] = s;
		}
		s = p;
	}
}

/* a depfile naming what the queue read besides the repository: map, when
 * it matters (discover.h); 0 or -1 after a warning */
static int write_depfile(const char *path, const char *target, const char *map)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_puts(&b, target);
	buf_putc(&b, ':');
	if (map) {
		buf_putc(&b, ' ');
		depfile_put_path(&b, map);
	}
	buf_putc(&b, '\n');
	rc = write_file_atomic(path, b.s, b.len);
	buf_free(&b);
	return rc;
}

/* recursion: the flag or SANDBOX_ variable or its SELF_TEST_ twin, for
 * orphans and for isolated modules; with both said, either turns it on;
 * with none, on. 0, or -1 after a bad value */
static int recursion(int *rec, int iso)
{
	if (*rec < 0 && (*rec = cli_env_bool("SANDBOX_RECURSIVE_ORPHANS", "SELF_TEST_RECURSIVE_ORPHANS")) == -2)
		return -1;
	if (iso < 0 && (iso = cli_env_bool("SANDBOX_RECURSIVE_ISOLATED", "SELF_TEST_RECURSIVE_ISOLATED")) == -2)
		return -1;
	*rec = *rec < 0 && iso < 0 ? 1 : *rec > 0 || iso > 0;
	return 0;
}

/* the isolated-module switches: on is what discover does (isolated modules,
 * those nothing imports, are its first-round orphans); off is not
 * supported, said once. 0, or -1 after a bad value */
static int isolated_switches(int discover_iso, int auto_iso)
{
	static const char *const vars[][2] = {
		{"SANDBOX_DISCOVER_ISOLATED", "SELF_TEST_DISCOVER_ISOLATED"},
		{"SANDBOX_AUTO_INCLUDE_ISOLATED", "SELF_TEST_AUTO_INCLUDE_ISOLATED"},
	};
	int v[2] = {discover_iso, auto_iso}, i;

	for (i = 0; i < 2; i++) {
		if (v[i] < 0 && (v[i] = cli_env_bool(vars[i][0], vars[i][1])) == -2)
			return -1;
		if (v[i] == 0)
			warn("%s=0 is not supported: isolated modules (nothing imports them) are discover's "
			     "first-round orphans, found by its one scan; SANDBOX_DISABLE_ORPHAN_SCAN=1 queues nothing",
			     vars[i][0]);
	}
	return 0;
}

/* 1 when a flag or variable turns the orphan scan off; -1 after a bad value */
static int scan_disabled(int flag, const char **why)
{
	static const char *const off[] = {"SANDBOX_DISABLE_ORPHAN_SCAN", "SANDBOX_DISABLE_ORPHANS",
	                                  "SELF_TEST_DISABLE_ORPHANS"};
	size_t i;
	int b;

	*why = "--no-orphan-scan";
	if (flag >= 0)
		return !flag;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if ((b = cli_env_bool(off[i], NULL)) != -1) {
			*why = off[i];
			if (b != 0)
				return b < 0 ? -1 : 1;
		}
	*why = "SELF_TEST_DISCOVER_ORPHANS=0";
	if ((b = cli_env_bool("SELF_TEST_DISCOVER_ORPHANS", NULL)) != -1)
		return b == -2 ? -1 : b == 0;
	*why = "SELF_TEST_INCLUDE_ORPHANS=0";
	b = cli_env_bool("SELF_TEST_INCLUDE_ORPHANS", NULL);
	return b == -2 ? -1 : b == 0;
}

static int write_json(const char *path, cJSON *doc)
{
	char *text = cJSON_Print(doc);
	size_t len;
	int rc;

	if (!text)
		die(EXIT_FAILED, "out of memory");
	len = strlen(text);
	text = xrealloc(text, len + 2);
	text[len++] = '\n';
	text[len] = '\0';
	rc = write_file_atomic(path, text, len);
	free(text);
	cJSON_Delete(doc);
	return rc;
}

/* the three documents (empty ones when the scan is off), and the depfile */
static int write_outputs(struct discovery *d, const char *files[3], const char *depfile, const char *map)
{
	cJSON *docs[3];
	int i, rc = 0;

	docs[0] = d ? discover_json(d) : cJSON_CreateObject();
	docs[1] = d ? discover_classifications_json(d) : cJSON_CreateObject();
	docs[2] = d ? discover_queue_json(d) : cJSON_CreateArray();
	for (i = 0; i < 3; i++)
		if (rc == 0 && write_json(files[i], docs[i]) < 0)
			rc = -1;
		else if (rc < 0)
			cJSON_Delete(docs[i]);
	if (rc == 0 && depfile)
		rc = write_depfile(depfile, files[0], map);
	return rc;
}

/* the map of o->module_map, read; 0 (*doc NULL when there is none) or -1 */
static int read_map(const char *path, cJSON **doc)
{
	int rc = jsondoc_load(path, doc);

	if (rc == 1)
		*doc = NULL;
	return rc < 0 ? -1 : 0;
}

/* the three outputs not given by a flag: under datadir (own: to free) */
static void default_paths(const char *files[3], char *own[3], const char *datadir)
{
	static const char *const names[3] = {"discovered.json", "orphan_classifications.json",
	                                     "test_queue.json"};
	int i;

	for (i = 0; i < 3; i++)
		if (!files[i])
			files[i] = own[i] = xasprintf("%s/%s", datadir, names[i]);
}

static void print_summary(struct discovery *d)
{
	size_t k = discover_nintegrated(d);

	printf("discover: %zu files scanned, %zu orphans", discover_nfiles(d), discover_norphans(d));
	if (k)
		printf(", %zu already integrated", k);
	printf("\n");
}

int cmd_discover(int argc, char **argv, const struct workspace_opts *g)
{
	struct discover_opts o = {".", NULL, 0, -1, -1, -1, 0, NULL, 0, NULL};
	const char *files[3] = {NULL, NULL, NULL}, *imports = NULL, *why;
	const char *datadir = cli_datadir(), *skip = NULL, *exclude = NULL, *mapfile = NULL, *depfile = NULL;
	char *skipstore = NULL, *exstore = NULL, *own[3] = {NULL, NULL, NULL};
	int iso = -1, discover_iso = -1, auto_iso = -1, scan = -1, off, rc = EXIT_OK, i;
	struct discovery *d = NULL;
	cJSON *map = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_STR(0, "out", &files[0], NULL),
		OPT_STR(0, "classifications", &files[1], NULL),
		OPT_STR(0, "queue", &files[2], NULL),
		OPT_STR(0, "data-dir", &datadir, NULL),
		OPT_STR(0, "data", &datadir, NULL),
		OPT_STR(0, "skip-dirs", &skip, "SANDBOX_SKIP_DIRS"),
		OPT_STR(0, "exclude-files", &exclude, "SANDBOX_EXCLUDE_FILES"),
		OPT_STR(0, "module-map", &mapfile, NULL),
		OPT_STR(0, "depfile", &depfile, NULL),
		OPT_COUNTS(0, "max-recursion-depth", &o.max_depth, 0, 1000000, "SANDBOX_MAX_RECURSION_DEPTH"),
		OPT_STR(0, "imports", &imports, NULL),
		OPT_COUNTS('j', "jobs", &o.threads, 1, 1000000, "SANDBOX_DISCOVERY_WORKERS"),
		OPT_BOOLEAN(0, "recursive-orphans", &o.recursive, NULL),
		OPT_BOOLEAN(0, "recursive-include", &o.recursive, NULL),
		OPT_NOT("no-recursive", &o.recursive),
		OPT_BOOLEAN(0, "recursive-isolated", &iso, NULL),
		OPT_BOOLEAN(0, "discover-isolated", &discover_iso, NULL),
		OPT_BOOLEAN(0, "auto-include-isolated", &auto_iso, NULL),
		OPT_BOOLEAN(0, "orphan-scan", &scan, NULL),
		OPT_BOOLEAN(0, "include-redundant", &o.test_redundant, NULL),
		OPT_BOOLEAN(0, "test-redundant", &o.test_redundant, NULL),
	};

	(void)g;   /* discover reads no manifest */
	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              usage) < 0)
		return EXIT_USAGE;
	if (o.test_redundant < 0 &&
	    (o.test_redundant = cli_env_bool("SANDBOX_TEST_REDUNDANT", "SELF_TEST_INCLUDE_REDUNDANT")) == -1)
		o.test_redundant = 1;
	if (o.test_redundant == -2 || recursion(&o.recursive, iso) < 0 ||
	    isolated_switches(discover_iso, auto_iso) < 0 || (off = scan_disabled(scan, &why)) < 0)
		return EXIT_USAGE;
	if (skip)
		split_list(skip, &skipstore, &o.skip, &o.nskip);
	if (exclude)
		split_list(exclude, &exstore, &o.exclude, &o.nexclude);
	if (exclude && !o.exclude)
		o.exclude = xcalloc(1, sizeof(char *));   /* ":": no pattern at all */
	if (imports) {
		rc = discover_print_imports(imports, stdout) < 0 ? EXIT_FAILED : EXIT_OK;
		goto done;
	}
	default_paths(files, own, datadir);
	if (off) {
		if (write_outputs(NULL, files, depfile, NULL) < 0)
			rc = EXIT_FAILED;
		else
			printf("discover: the orphan scan is off (%s)\n", why);
		goto done;
	}
	if ((mapfile && read_map(mapfile, &map) < 0) || !(d = (o.module_map = map, discover_run(&o))) ||
	    write_outputs(d, files, depfile, discover_map_matters(map) ? mapfile : NULL) < 0)
		rc = EXIT_FAILED;
	else
		print_summary(d);
done:
	discover_free(d);
	cJSON_Delete(map);
	for (i = 0; i < 3; i++)
		free(own[i]);
	free(skipstore);
	free(exstore);
	free(o.skip);
	free(o.exclude);
	return rc;
}
