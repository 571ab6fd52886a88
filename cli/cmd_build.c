/* cmd_build.c: menace build and menace status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char build_usage[] =
	"usage: menace build [-j N] [-k N] [-n] [--explain] [--no-cache] [--no-wait] [--json FILE|-] [-q] [TARGET...]\n"
	"\n"
	"Bring TARGETs (rule names, instance names or output paths; default: the\n"
	"manifest's default: list, else every rule) up to date. A rule runs when\n"
	"its key (command, tracked env, input contents, needed rules' outputs,\n"
	"depfile inputs) differs from its last successful run, or an output is\n"
	"missing or was modified (docs/build.md).\n"
	"\n"
	"  -j N           run N commands at once (default: MENACE_JOBS, else cores + 2)\n"
	"  -k N           keep going until N rules failed (0: never stop; default 1)\n"
	"  -n             dry run: print 'RULE: REASON' for each rule that would run;\n"
	"                 run nothing, change nothing\n"
	"  --explain      print why each rule runs\n"
	"  --no-cache     do not restore outputs from the cache\n"
	"  --no-wait      exit 3 at once when another build, clean, gc or cycle holds\n"
	"                 the workspace lock (default: wait for it)\n"
	"  --json FILE    write JSON Lines events to FILE ('-': stdout; also SANDBOX_JSON_LOGS=1)\n"
	"  -q             no progress lines and no summary\n"
	"\n"
	"exit status: 0 success, 1 a rule failed (or a source is missing),\n"
	"2 usage or manifest error, 3 state unusable (or locked, with --no-wait),\n"
	"129 hung up (SIGHUP), 130 interrupted (SIGINT, SIGTERM)\n";

static const char status_usage[] =
	"usage: menace status [TARGET...]\n"
	"\n"
	"List the rules that would run, one 'RULE: REASON' line each, on stdout.\n"
	"Runs nothing and changes nothing.\n"
	"\n"
	"exit status: 0 everything is up to date, 1 something would run,\n"
	"2 usage or manifest error, 3 state unusable\n";

static int parse_count(const char *s, int min, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

/* shared by build and status: options, then targets */
static int run_build(int argc, char **argv, int status_cmd)
{
	const char *usage = status_cmd ? status_usage : build_usage;
	struct build_opts o;
	struct workspace ws;
	struct edge **targets = NULL;
	size_t ntargets = 0;
	char **names = NULL;
	size_t nnames = 0;
	const char *json = NULL, *logs = getenv("SANDBOX_JSON_LOGS");
	FILE *jf = NULL;
	int i, rc, opts = 1;

	if (want_help(argc, argv, usage))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	o.jobs = build_default_jobs();
	o.keep_going = 1;
	o.command = argv[0];
	if (status_cmd) {
		o.dry_run = 1;
		o.list = 1;
		o.stale_fails = 1;
	}
	names = xcalloc((size_t)argc + 1, sizeof(names[0]));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts && strcmp(a, "--") == 0) {
			opts = 0;
		} else if (opts && !status_cmd && strncmp(a, "-j", 2) == 0) {
			if (parse_count(a[2] ? a + 2 : argv[++i], 1, &o.jobs) < 0)
				goto usage;
		} else if (opts && !status_cmd && strncmp(a, "-k", 2) == 0) {
			if (parse_count(a[2] ? a + 2 : argv[++i], 0, &o.keep_going) < 0)
				goto usage;
		} else if (opts && !status_cmd && strcmp(a, "-n") == 0) {
			o.dry_run = 1;
			o.list = 1;
		} else if (opts && !status_cmd && strcmp(a, "--explain") == 0) {
			o.explain = 1;
		} else if (opts && !status_cmd && strcmp(a, "--no-cache") == 0) {
			o.no_cache = 1;
		} else if (opts && !status_cmd && no_wait_option(a)) {
			continue;
		} else if (opts && !status_cmd && strcmp(a, "-q") == 0) {
			o.quiet = 1;
		} else if (opts && !status_cmd && strncmp(a, "--json", 6) == 0 && (a[6] == '\0' || a[6] == '=')) {
			json = a[6] == '=' ? a + 7 : argv[++i];
			if (!json || !*json)
				goto usage;
		} else if (opts && a[0] == '-' && a[1]) {
			warn("unknown option '%s'", a);
			goto usage;
		} else {
			names[nnames++] = argv[i];
		}
	}
	if (!json && logs && strcmp(logs, "1") == 0)
		json = "-";
	/* FILE is relative to where menace was started, not the manifest */
	if (json) {
		jf = strcmp(json, "-") == 0 ? stdout : fopen(json, "w");
		if (!jf) {
			warn("cannot write '%s':", json);
			free(names);
			return EXIT_USAGE;
		}
		o.json = jf;
	}
	rc = workspace_open(&ws, o.dry_run ? WS_READ : WS_WRITE);
	if (rc) {
		if (jf && jf != stdout)
			fclose(jf);
		free(names);
		return rc;
	}
	if (o.explain)
		fprintf(stderr, "menace: explain: %s\n", ws.from_snapshot ?
		        "graph loaded from its snapshot (manifest, includes, directories and environment unchanged)" :
		        "graph loaded from the manifest");
	/* named targets may be foreach instances whose list is up to date */
	if (nnames)
		build_expand(&ws);
	if (graph_targets(ws.g, names, nnames, &targets, &ntargets) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	rc = build_run(&ws, targets, ntargets, &o);
out:
	if (jf && jf != stdout)
		fclose(jf);
	free(targets);
	free(names);
	workspace_exit(&ws);
	return rc;
usage:
	free(names);
	return usage_error(usage);
}

int cmd_build(int argc, char **argv)
{
	return run_build(argc, argv, 0);
}

int cmd_status(int argc, char **argv)
{
	return run_build(argc, argv, 1);
}
