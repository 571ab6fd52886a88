/* cmd_build.c: menace build and menace status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "base/opt.h"
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
	"  --json FILE    write JSON Lines events to FILE ('-': stdout)\n"
	"  -q             no progress lines and no summary\n"
	"  --executor X   where rules without their own executor: run: local, slurm\n"
	"                 (one Slurm job each; docs/slurm.md) or auto (slurm when its\n"
	"                 controller answers, else local); default: MENACE_EXECUTOR,\n"
	"                 else the manifest's executor:, else local\n"
	"\n"
	"exit status: 0 success, 1 a rule failed (or a source is missing, or the\n"
	"Slurm controller does not answer),\n"
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

/* --executor and MENACE_EXECUTOR: local, slurm or auto */
static int parse_executor(void *value, const char *arg)
{
	int k = graph_executor(arg);

	if (k < 0) {
		warn("--executor: '%s' is not local, slurm or auto", arg);
		return -1;
	}
	*(int *)value = k;
	return 0;
}

/* shared by build and status: options, then targets */
static int run_build(int argc, char **argv, const struct workspace_opts *g, int status_cmd)
{
	const char *usage = status_cmd ? status_usage : build_usage;
	struct workspace_opts wo = *g;
	struct build_opts o;
	struct workspace ws;
	struct edge **targets = NULL;
	size_t ntargets = 0;
	const char *json = NULL;
	FILE *jf = NULL;
	int rc, nnames, dry = 0;
	const struct opt opts[] = {
		OPT_COUNTS('j', NULL, &o.jobs, 1, 1000000, NULL),
		OPT_COUNTS('k', NULL, &o.keep_going, 0, 1000000, NULL),
		OPT_FLAG('n', NULL, &dry),
		OPT_FLAG(0, "explain", &o.explain),
		OPT_FLAG(0, "no-cache", &o.no_cache),
		OPT_FLAG(0, "no-wait", &wo.no_wait),
		OPT_FLAG('q', NULL, &o.quiet),
		OPT_STR(0, "json", &json, NULL),
		OPT_FUNC(0, "executor", parse_executor, &o.executor, "MENACE_EXECUTOR"),
	};

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	memset(&o, 0, sizeof(o));
	o.jobs = build_default_jobs();
	o.keep_going = 1;
	o.command = argv[0];
	o.exe = g->exe;
	/* status takes no option */
	nnames = opt_parse(argc, argv, opts, status_cmd ? 0 : sizeof(opts) / sizeof(opts[0]), 0, usage);
	if (nnames < 0)
		return EXIT_USAGE;
	if (dry || status_cmd) {
		o.dry_run = 1;
		o.list = 1;
		o.stale_fails = status_cmd;
	}
	/* FILE is relative to where menace was started, not the manifest */
	if (json) {
		jf = strcmp(json, "-") == 0 ? stdout : fopen(json, "w");
		if (!jf) {
			warn("cannot write '%s':", json);
			return EXIT_USAGE;
		}
		o.json = jf;
	}
	rc = workspace_open(&ws, &wo, o.dry_run ? WS_READ : WS_WRITE);
	if (rc) {
		if (jf && jf != stdout)
			fclose(jf);
		return rc;
	}
	if (o.explain)
		note("explain: %s", ws.from_snapshot ?
		     "graph loaded from its snapshot (manifest, includes, directories and environment unchanged)" :
		     "graph loaded from the manifest");
	/* named targets may be foreach instances whose list is up to date */
	if (nnames)
		build_expand(&ws);
	if (graph_targets(ws.g, argv + 1, (size_t)nnames, &targets, &ntargets) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	rc = build_run(&ws, targets, ntargets, &o);
out:
	if (jf && jf != stdout)
		fclose(jf);
	free(targets);
	workspace_exit(&ws);
	return rc;
}

int cmd_build(int argc, char **argv, const struct workspace_opts *o)
{
	return run_build(argc, argv, o, 0);
}

int cmd_status(int argc, char **argv, const struct workspace_opts *o)
{
	return run_build(argc, argv, o, 1);
}
