/* cmd_cache.c: menace cache stats: the counters of the local and the
 * remote cache (engine/cachestats.h), summed over every build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/opt.h"
#include "base/path.h"
#include "base/util.h"
#include "cli/cli.h"
#include "engine/cachestats.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace cache stats\n"
	"\n"
	"Print the hits, misses and bytes of the local cache (SANDBOX_DATA_DIR/cache/,\n"
	"else .menace/cache/) and of the remote cache, summed over every build of\n"
	"this workspace (docs/remote-cache.md). A hit is a rule restored instead of\n"
	"run; a miss, a rule that could be restored and was not found.\n"
	"\n"
	"exit status: 0 done, 2 usage error, 3 the counters could not be read\n";

int cmd_cache(int argc, char **argv, const struct workspace_opts *g)
{
	struct cache_stats st;
	int n;

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((n = opt_parse(argc, argv, NULL, 0, 0, usage)) < 0)
		return EXIT_USAGE;
	if (n != 1 || strcmp(argv[1], "stats") != 0) {
		if (n >= 1)
			error("cache: unknown subcommand '%s'", argv[1]);
		return opt_usage(usage);
	}
	/* the manifest's directory; without a manifest, the current one */
	if (workspace_enter_any(g) != 0)
		return EXIT_USAGE;
	if (cache_stats_read(g->statedir, &st) < 0)
		return EXIT_STATE;
	printf("local:  %lld hits, %lld misses, %lld bytes restored\n", st.local_hits, st.local_misses,
	       st.local_bytes);
	printf("remote: %lld hits, %lld misses, %lld bytes downloaded, %lld bytes uploaded, %lld errors\n",
	       st.remote_hits, st.remote_misses, st.remote_bytes_down, st.remote_bytes_up,
	       st.remote_errors);
	return EXIT_OK;
}
