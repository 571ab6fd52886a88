/* cmd_build.c: menace build and menace status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "engine/report.h"
#include "cli/cli.h"
#include "cli/outcomes.h"
#include "cli/remotecfg.h"
#include "base/opt.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char build_usage[] =
	"usage: menace build [-j N] [-k N] [-n] [-q] [--explain] [--no-cache] [--no-wait] [--json FILE|-]\n"
	"                    [--junit FILE] [--remote-cache URL] [--remote-cache-mode MODE]\n"
	"                    [--executor local|slurm|auto] [--jobserver] [TARGET...]\n"
	"\n"
	"Bring TARGETs (rule names, instance names or output paths; default: the\n"
	"manifest's default: list, else every rule) up to date. A rule runs when\n"
	"its key (command, tracked env, input contents, needed rules' outputs,\n"
	"depfile inputs) differs from its last successful run, or an output is\n"
	"missing or was modified (docs/build.md).\n"
	"\n"
	"  -j, --jobs N        run N commands at once (default: MENACE_JOBS, else\n"
	"                      cores + 2)\n"
	"  -k, --keep-going N  keep going until N rules failed (0: never stop;\n"
	"                      default 1)\n"
	"  -n, --dry-run       dry run: print the command of each rule that would run\n"
	"                      (with --explain, '# RULE: REASON' above it); run\n"
	"                      nothing, change nothing\n"
	"  -q, --quiet         no progress lines and no summary\n"
	"  --explain           print why each rule runs\n"
	"  -v, --verbose       print each command as it starts (a global option)\n"
	"  --no-cache          do not restore outputs from the cache\n"
	"  --no-wait           exit 3 at once when another build, clean, gc or cycle\n"
	"                      holds the workspace lock (default: wait for it)\n"
	"  --json FILE         write JSON Lines events to FILE ('-': stdout)\n"
	"  --junit FILE        write JUnit XML to FILE: one testcase per rule, one per\n"
	"                      self-test result (module x scenario x level)\n"
	"  --remote-cache URL  also restore from and store to this HTTP(S) cache\n"
	"                      (default: MENACE_REMOTE_CACHE, else the manifest's\n"
	"                      remote_cache:)\n"
	"  --remote-cache-mode MODE  read, write or readwrite (default readwrite;\n"
	"                      MENACE_REMOTE_CACHE_MODE; docs/remote-cache.md)\n"
	"  --jobserver         serve -j's slots to the commands as GNU make's\n"
	"                      jobserver (MAKEFLAGS), so the makes they run share\n"
	"                      them (default: MENACE_JOBSERVER, else off)\n"
	"  --executor X        where rules without their own executor: run: local,\n"
	"                      slurm (one Slurm job each; docs/slurm.md) or auto\n"
	"                      (slurm when its controller answers, else local);\n"
	"                      default: MENACE_EXECUTOR, else the manifest's\n"
	"                      executor:, else local\n"
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
	"2 usage or manifest error (a missing source too), 3 state unusable\n";

int cli_parse_executor(void *value, const char *arg)
{
	int k = graph_executor(arg);

	if (k < 0) {
		warn("--executor: '%s' is not local, slurm or auto", arg);
		return -1;
	}
	*(int *)value = k;
	return 0;
}

int cli_build_parse(struct build_cmd *c, int argc, char **argv, const struct workspace_opts *g,
                    const char *usage, int status_cmd)
{
	const char *json = NULL, *junit = NULL;
	int nnames, dry = 0, no_wait = 0;
	const struct opt opts[] = {
		OPT_COUNTS('j', "jobs", &c->o.jobs, 1, 1000000, "MENACE_JOBS"),
		OPT_COUNTS('k', "keep-going", &c->o.keep_going, 0, 1000000, NULL),
		OPT_FLAG('n', "dry-run", &dry),
		OPT_FLAG('q', "quiet", &c->o.quiet),
		OPT_FLAG(0, "explain", &c->o.explain),
		OPT_FLAG(0, "no-cache", &c->o.no_cache),
		OPT_FLAG(0, "no-wait", &no_wait),
		OPT_STR(0, "json", &json, NULL),
		OPT_STR(0, "junit", &junit, NULL),
		OPT_STR(0, "remote-cache", &c->remote_url, NULL),
		OPT_STR(0, "remote-cache-mode", &c->remote_mode, NULL),
		OPT_FUNC(0, "executor", cli_parse_executor, &c->o.executor, "MENACE_EXECUTOR"),
		OPT_BOOLEAN(0, "jobserver", &c->o.serve_jobserver, "MENACE_JOBSERVER"),
	};

	memset(c, 0, sizeof(*c));
	c->o.jobs = 0;      /* 0: not given (a count is at least 1) */
	c->o.keep_going = 1;
	c->o.command = argv[0];
	c->o.exe = g->exe;
	/* status takes no option */
	nnames = opt_parse(argc, argv, opts, status_cmd ? 0 : sizeof(opts) / sizeof(opts[0]), 0, usage);
	if (nnames < 0)
		return EXIT_USAGE;
	c->names = argv + 1;
	c->nnames = (size_t)nnames;
	c->o.jobs_explicit = c->o.jobs != 0;
	if (!c->o.jobs)
		c->o.jobs = build_default_jobs();
	/* after the options: a global one given after the command is in *g */
	c->wo = *g;
	c->wo.no_wait = no_wait;
	if (dry || status_cmd) {
		c->o.dry_run = 1;
		c->o.list = status_cmd ? REPORT_LIST_REASONS : REPORT_LIST_COMMANDS;
		c->o.stale_fails = status_cmd;
	}
	c->o.verbose = cli_verbose;
	/* FILE is relative to where menace was started, not the manifest */
	if (json) {
		c->jf = strcmp(json, "-") == 0 ? stdout : fopen(json, "w");
		if (!c->jf) {
			warn("cannot write '%s':", json);
			return EXIT_USAGE;
		}
		c->o.json = c->jf;
	}
	/* the flags and variables before anything is opened; then the manifest's */
	if (remotecfg(&c->ro, c->remote_url, c->remote_mode, NULL) < 0)
		return EXIT_USAGE;
	/* a dry run ends no rule: nothing for CI */
	if (!c->o.dry_run && (junit || gha_enabled())) {
		c->ci = 1;
		c->junit_path = outcomes_abspath(junit);
	}
	return EXIT_OK;
}

int cli_build_once(struct build_cmd *c, struct workspace *ws)
{
	struct edge **targets = NULL;
	size_t ntargets = 0;
	int rc = workspace_open(ws, &c->wo, c->o.dry_run ? WS_READ : WS_WRITE);

	if (rc)
		return rc;
	if (c->o.explain)
		note("explain: %s", ws->from_snapshot ?
		     "graph loaded from its snapshot (manifest, includes, directories and environment unchanged)" :
		     "graph loaded from the manifest");
	/* named targets may be foreach instances whose list is up to date */
	if (c->nnames)
		build_expand(ws);
	if (!c->ro.url && remotecfg(&c->ro, c->remote_url, c->remote_mode, ws->g->remote_cache) < 0)
		return EXIT_USAGE;
	c->o.remote = &c->ro;
	if (graph_targets(ws->g, c->names, c->nnames, &targets, &ntargets) < 0) {
		free(targets);
		return EXIT_USAGE;
	}
	/* each build (watch builds again) gets its own CI outcomes */
	if (c->ci) {
		outcomes_init(&c->oc);
		c->o.sink = &c->oc.sink;
	}
	rc = build_run(ws, targets, ntargets, &c->o);
	if (c->ci) {
		rc = outcomes_publish(&c->oc, c->junit_path, "build", rc);
		c->o.sink = NULL;
		outcomes_release(&c->oc);
	}
	free(targets);
	return rc;
}

void cli_build_end(struct build_cmd *c)
{
	if (c->jf && c->jf != stdout)
		fclose(c->jf);
	c->jf = NULL;
	free(c->junit_path);
	c->junit_path = NULL;
}

/* shared by build and status: options, then targets */
static int run_build(int argc, char **argv, const struct workspace_opts *g, int status_cmd)
{
	const char *usage = status_cmd ? status_usage : build_usage;
	struct build_cmd c;
	struct workspace ws;
	int rc;

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((rc = cli_build_parse(&c, argc, argv, g, usage, status_cmd)) != EXIT_OK) {
		cli_build_end(&c);
		return rc;
	}
	memset(&ws, 0, sizeof(ws));
	rc = cli_build_once(&c, &ws);
	cli_build_end(&c);
	if (ws.g)
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
