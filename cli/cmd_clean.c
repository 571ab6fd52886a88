/* cmd_clean.c: menace clean [TARGET...]. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "base/opt.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/vanished.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace clean [--no-wait] [TARGET...]\n"
	"\n"
	"Remove the outputs the TARGETs' rules (or every rule) last wrote, and\n"
	"forget their last runs, so the next build runs them again. Only files\n"
	"menace recorded writing are removed, and only while they hold what it\n"
	"wrote (a file changed since is kept with a warning); directory outputs\n"
	"go with their contents. Sources and depfiles are never touched.\n"
	"\n"
	"  --no-wait    exit 3 at once when another build, clean, gc or cycle holds\n"
	"               the workspace lock (default: wait for it)\n"
	"\n"
	"exit status: 0 cleaned, 1 a file could not be removed, 2 usage or\n"
	"manifest error, 3 state unusable (or locked, with --no-wait)\n";

int cmd_clean(int argc, char **argv, const struct workspace_opts *g)
{
	struct workspace_opts wo;
	struct workspace ws;
	struct edge **targets = NULL;
	size_t ntargets = 0, i, removed = 0;
	int rc, failed = 0, nnames, no_wait = 0;
	const struct opt opts[] = {OPT_FLAG(0, "no-wait", &no_wait)};

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((nnames = opt_parse(argc, argv, opts, 1, 0, usage)) < 0)
		return EXIT_USAGE;
	wo = *g;      /* after the options: a global one given after "clean" is in *g */
	wo.no_wait = no_wait;
	rc = workspace_open(&ws, &wo, WS_WRITE);
	if (rc)
		return rc;
	build_expand(&ws);    /* foreach instances whose list is up to date are cleaned too */
	if (nnames) {
		if (graph_targets(ws.g, argv + 1, (size_t)nnames, &targets, &ntargets) < 0) {
			rc = EXIT_USAGE;
			goto out;
		}
	} else {
		targets = xcalloc(ws.g->nedges + 1, sizeof(targets[0]));
		for (i = 0; i < ws.g->nedges; i++)
			targets[ntargets++] = ws.g->edges[i];
	}
	if (state_begin(ws.st) < 0) {
		rc = EXIT_STATE;
		goto out;
	}
	for (i = 0; i < ntargets; i++) {
		int r = remove_recorded(&ws, targets[i]);

		if (r < 0)
			failed = 1;
		else
			removed += (size_t)r;
		if (state_forget(ws.st, targets[i]->name) < 0)
			rc = EXIT_STATE;
	}
	if (state_commit(ws.st) < 0)
		rc = EXIT_STATE;
	note("removed %zu file%s", removed, removed == 1 ? "" : "s");
	if (!rc && failed)
		rc = EXIT_FAILED;
out:
	free(targets);
	workspace_close(&ws);
	return rc;
}
