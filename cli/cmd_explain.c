/* cmd_explain.c: menace explain TARGET. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "base/opt.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace explain TARGET\n"
	"\n"
	"Print why TARGET (a rule, instance or output path) would run: each input\n"
	"that changed with its old and new content hash, a changed command or\n"
	"action, a changed tracked env variable, a missing or modified output,\n"
	"a rule never built, or an input that a rule which would run rebuilds.\n"
	"Runs nothing and changes nothing.\n"
	"\n"
	"exit status: 0 explained, 1 a source is missing, 2 usage or manifest\n"
	"error, 3 state unusable\n";

int cmd_explain(int argc, char **argv, const struct workspace_opts *g)
{
	struct workspace ws;
	struct edge **targets = NULL;
	size_t ntargets = 0, i;
	int rc;

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((rc = opt_parse(argc, argv, NULL, 0, 0, usage)) < 0)
		return EXIT_USAGE;
	if (rc != 1)
		return opt_usage(usage);
	rc = workspace_open(&ws, g, WS_READ);
	if (rc)
		return rc;
	build_expand(&ws);    /* foreach instances whose list is up to date */
	if (graph_targets(ws.g, argv + 1, 1, &targets, &ntargets) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < ntargets && rc == 0; i++) {
		struct build_opts o;
		struct buf why = BUF_INIT;
		const char *p;

		memset(&o, 0, sizeof(o));
		o.jobs = 1;
		o.dry_run = 1;
		o.quiet = 1;
		o.why_edge = targets[i];
		o.why = &why;
		rc = build_run(&ws, &targets[i], 1, &o);
		if (rc)
			break;
		if (o.why_state == 0) {
			printf("'%s' is up to date\n", targets[i]->name);
		} else if (o.why_state == 1) {
			printf("'%s' would run:\n", targets[i]->name);
			for (p = why.s; p && *p;) {
				size_t n = strcspn(p, "\n");

				printf("  %.*s\n", (int)n, p);
				p += n + (p[n] ? 1 : 0);
			}
		} else {
			printf("'%s' would not be checked: a rule it depends on cannot run\n", targets[i]->name);
		}
		buf_free(&why);
	}
out:
	free(targets);
	workspace_close(&ws);
	return rc;
}
