/* cmd_discover.c: menace discover, the sandbox's orphan discovery (rules/discover.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "rules/discover.h"
#include "base/fsio.h"
#include "base/util.h"

static const char usage[] =
	"usage: menace discover [--repo DIR] [--out FILE] [--classifications FILE]\n"
	"                       [--queue FILE] [--data-dir DIR] [--skip-dirs A:B]\n"
	"                       [--recursive-orphans | --no-recursive-orphans]\n"
	"                       [--max-recursion-depth N] [--include-redundant] [-j N]\n"
	"       menace discover --imports FILE\n";

static const char help[] =
	"\nFinds the Python modules of a repository that nothing imports (orphans),\n"
	"and, recursively, the modules only orphans import; classifies them as\n"
	"legacy, redundant or candidate; writes discovered.json,\n"
	"orphan_classifications.json and test_queue.json (docs/sandbox.md).\n\n"
	"options (each also as --KEY=VALUE; booleans take 1/0, true/false, yes/no):\n"
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

/* want_help() and usage_error() live in main.c, which the unit test binaries
 * do not link; these are the same for this command */
static int discover_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			fputs(help, stdout);
			return 1;
		}
	}
	return 0;
}

static int discover_usage(void)
{
	fprintf(stderr, "%s: %s", progname, usage);
	return EXIT_USAGE;
}

/* 1/0 from a boolean word; -1 when it is none */
static int parse_bool(const char *s)
{
	static const char *const yes[] = {"1", "true", "yes", "on", NULL};
	static const char *const no[] = {"0", "false", "no", "off", "", NULL};
	size_t i;

	for (i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

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

struct flag {
	const char *name;
	int kind;            /* 0: takes a value, 1: boolean (value optional), 2: negated boolean */
};

static const struct flag flags[] = {
	{"repo", 0}, {"out", 0}, {"classifications", 0}, {"queue", 0}, {"data-dir", 0}, {"data", 0},
	{"skip-dirs", 0}, {"max-recursion-depth", 0}, {"imports", 0}, {"jobs", 0},
	{"recursive-orphans", 1}, {"recursive-include", 1}, {"include-redundant", 1},
	{"test-redundant", 1},
	{"no-recursive-orphans", 2}, {"no-recursive-include", 2}, {"no-recursive", 2},
	{"no-include-redundant", 2}, {"no-test-redundant", 2},
};

int cmd_discover(int argc, char **argv)
{
	struct discover_opts o = {".", NULL, 0, 1, -1, 1, 0};
	const char *out = NULL, *classes = NULL, *queue = NULL, *imports = NULL;
	const char *datadir = getenv("SANDBOX_DATA_DIR"), *env;
	char *skipstore = NULL, *p1 = NULL, *p2 = NULL, *p3 = NULL;
	struct discovery *d;
	int i, rc = EXIT_OK;

	if (discover_help(argc, argv))
		return EXIT_OK;
	if ((env = getenv("SANDBOX_RECURSIVE_ORPHANS")) && *env) {
		if ((o.recursive = parse_bool(env)) < 0) {
			warn("SANDBOX_RECURSIVE_ORPHANS: '%s' is not 0 or 1", env);
			return EXIT_USAGE;
		}
	}
	if ((env = getenv("SANDBOX_TEST_REDUNDANT")) && *env) {
		if ((o.test_redundant = parse_bool(env)) < 0) {
			warn("SANDBOX_TEST_REDUNDANT: '%s' is not 0 or 1", env);
			return EXIT_USAGE;
		}
	}
	if ((env = getenv("SANDBOX_MAX_RECURSION_DEPTH")) && *env) {
		if (parse_int(env, &o.max_depth) < 0) {
			warn("SANDBOX_MAX_RECURSION_DEPTH: '%s' is not a number", env);
			return EXIT_USAGE;
		}
	}
	if ((env = getenv("SANDBOX_SKIP_DIRS")))
		split_skip(&o, env, &skipstore);
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = NULL, *eq;
		char name[64];
		size_t k, nlen;
		int b;

		if (strcmp(arg, "-j") == 0) {
			arg = "--jobs";
		} else if (strncmp(arg, "-j", 2) == 0 && arg[2]) {
			if (parse_int(arg + 2, &o.threads) < 0 || o.threads < 1)
				goto badvalue_j;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0) {
			warn("unexpected argument '%s'", arg);
			goto usage;
		}
		eq = strchr(arg, '=');
		nlen = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		if (nlen >= sizeof(name))
			nlen = sizeof(name) - 1;
		memcpy(name, arg + 2, nlen);
		name[nlen] = '\0';
		for (k = 0; k < nlen; k++)
			if (name[k] == '_')
				name[k] = '-';
		for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (strcmp(flags[k].name, name) == 0)
				break;
		if (k == sizeof(flags) / sizeof(flags[0])) {
			warn("unknown option '--%s'", name);
			goto usage;
		}
		if (eq) {
			val = eq + 1;
		} else if (flags[k].kind == 0) {
			if (i + 1 >= argc) {
				warn("option '--%s' needs a value", name);
				goto usage;
			}
			val = argv[++i];
		}
		if (flags[k].kind != 0) {
			b = val ? parse_bool(val) : 1;
			if (b < 0) {
				warn("option '--%s': '%s' is not a boolean", name, val);
				goto usage;
			}
			if (flags[k].kind == 2)
				b = !b;
			if (strstr(name, "recursive"))
				o.recursive = b;
			else
				o.test_redundant = b;
			continue;
		}
		if (strcmp(name, "repo") == 0) {
			o.repo = val;
		} else if (strcmp(name, "out") == 0) {
			out = val;
		} else if (strcmp(name, "classifications") == 0) {
			classes = val;
		} else if (strcmp(name, "queue") == 0) {
			queue = val;
		} else if (strcmp(name, "data-dir") == 0 || strcmp(name, "data") == 0) {
			datadir = val;
		} else if (strcmp(name, "skip-dirs") == 0) {
			split_skip(&o, val, &skipstore);
		} else if (strcmp(name, "imports") == 0) {
			imports = val;
		} else if (strcmp(name, "max-recursion-depth") == 0) {
			if (parse_int(val, &o.max_depth) < 0) {
				warn("option '--max-recursion-depth': '%s' is not a number", val);
				goto usage;
			}
		} else if (strcmp(name, "jobs") == 0) {
			if (parse_int(val, &o.threads) < 0 || o.threads < 1) {
badvalue_j:
				warn("option '-j': expected a positive number");
				goto usage;
			}
		}
	}
	if (imports) {
		rc = discover_print_imports(imports, stdout) < 0 ? EXIT_FAILED : EXIT_OK;
		goto done;
	}
	if (!datadir || !*datadir)
		datadir = "sandbox_data";
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
usage:
	free(skipstore);
	free(o.skip);
	return discover_usage();
}
