/* cmd_discover.c: menace discover, the sandbox's orphan discovery (rules/discover.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "rules/discover.h"
#include "base/fsio.h"
#include "base/util.h"

static const char usage[] =
	"usage: menace discover [--repo DIR] [--out FILE] [--classifications FILE]\n"
	"                       [--queue FILE] [--data-dir DIR] [--skip-dirs A:B]\n"
	"                       [--recursive-orphans | --no-recursive-orphans]\n"
	"                       [--max-recursion-depth N] [--include-redundant] [-j N]\n"
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
	"                            (SANDBOX_RECURSIVE_ORPHANS, default 1)\n"
	"  --max-recursion-depth N   follow at most N imports from a first-round orphan\n"
	"                            (SANDBOX_MAX_RECURSION_DEPTH, default no limit)\n"
	"  --include-redundant (--test-redundant), --no-include-redundant\n"
	"                            queue redundant and legacy orphans for self-tests\n"
	"                            (SANDBOX_TEST_REDUNDANT, default 1)\n"
	"  -j N, --jobs N            scanning threads (default: one per core)\n"
	"  --imports FILE            print the imports of one file and exit:\n"
	"                            \"LINE import a.b\", \"LINE from .x import y\",\n"
	"                            \"LINE dynamic a.b\"\n\n"
	"exit status: 0 done (files that do not tokenize are reported and skipped),\n"
	"1 the repository or an output could not be read or written, 2 usage.\n";

/* split a ':'-separated list into o->skip (the strings are kept in *store) */
static void split_skip(struct discover_opts *o, const char *list, char **store)
{
	char *s, *p;

	free(*store);
	free(o->skip);
	o->skip = NULL;
	o->nskip = 0;
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
			o->skip = xreallocarray(o->skip, o->nskip + 1, sizeof(char *));
			o->skip[o->nskip++] = s;
		}
		s = p;
	}
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

int cmd_discover(int argc, char **argv, const struct workspace_opts *g)
{
	struct discover_opts o = {".", NULL, 0, 1, -1, 1, 0};
	const char *out = NULL, *classes = NULL, *queue = NULL, *imports = NULL;
	const char *datadir = cli_datadir(), *skip = NULL;
	char *skipstore = NULL, *p1 = NULL, *p2 = NULL, *p3 = NULL;
	struct discovery *d;
	int rc = EXIT_OK;
	const struct opt opts[] = {
		OPT_STR(0, "repo", &o.repo, NULL),
		OPT_STR(0, "out", &out, NULL),
		OPT_STR(0, "classifications", &classes, NULL),
		OPT_STR(0, "queue", &queue, NULL),
		OPT_STR(0, "data-dir", &datadir, NULL),
		OPT_STR(0, "data", &datadir, NULL),
		OPT_STR(0, "skip-dirs", &skip, "SANDBOX_SKIP_DIRS"),
		OPT_COUNTS(0, "max-recursion-depth", &o.max_depth, 0, 1000000, "SANDBOX_MAX_RECURSION_DEPTH"),
		OPT_STR(0, "imports", &imports, NULL),
		OPT_COUNTS('j', "jobs", &o.threads, 1, 1000000, NULL),
		OPT_BOOLEAN(0, "recursive-orphans", &o.recursive, "SANDBOX_RECURSIVE_ORPHANS"),
		OPT_BOOLEAN(0, "recursive-include", &o.recursive, NULL),
		OPT_NOT("no-recursive", &o.recursive),
		OPT_BOOLEAN(0, "include-redundant", &o.test_redundant, "SANDBOX_TEST_REDUNDANT"),
		OPT_BOOLEAN(0, "test-redundant", &o.test_redundant, NULL),
	};

	(void)g;   /* discover reads no manifest */
	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              usage) < 0)
		return EXIT_USAGE;
	if (skip)
		split_skip(&o, skip, &skipstore);
	if (imports) {
		rc = discover_print_imports(imports, stdout) < 0 ? EXIT_FAILED : EXIT_OK;
		goto done;
	}
	if (!out)
		out = p1 = xasprintf("%s/discovered.json", datadir);
	if (!classes)
		classes = p2 = xasprintf("%s/orphan_classifications.json", datadir);
	if (!queue)
		queue = p3 = xasprintf("%s/test_queue.json", datadir);
	d = discover_run(&o);
	if (!d) {
		rc = EXIT_FAILED;
		goto done;
	}
	if (write_json(out, discover_json(d)) < 0
	    || write_json(classes, discover_classifications_json(d)) < 0
	    || write_json(queue, discover_queue_json(d)) < 0)
		rc = EXIT_FAILED;
	else
		printf("discover: %zu files scanned, %zu orphans\n", discover_nfiles(d),
		       discover_norphans(d));
	discover_free(d);
done:
	free(p1);
	free(p2);
	free(p3);
	free(skipstore);
	free(o.skip);
	return rc;
}
