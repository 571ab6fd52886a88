/* cmd_gc.c: menace gc [--keep N | --max-size SIZE]: prune the local cache
 * (SANDBOX_DATA_DIR/cache/, cache.h), least recently used entries first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/cache.h"
#include "cli/cli.h"
#include "base/opt.h"
#include "engine/lock.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace gc [--keep N | --max-size SIZE] [--no-wait]\n"
	"\n"
	"Prune the local cache (SANDBOX_DATA_DIR/cache/): keep the N most recently\n"
	"used entries, or the most recently used entries whose blobs fit in SIZE\n"
	"bytes (suffixes K, M, G, T: powers of 1024, 1G = 1073741824; 'Ki', 'KiB'\n"
	"and 'KB' forms accepted).\n"
	"Without a flag the cap is MENACE_CACHE_MAX, else 1G. Blobs no kept entry\n"
	"uses are removed. Prints what it kept and removed on stderr.\n"
	"\n"
	"  --no-wait    exit 3 at once when another build, clean, gc or cycle holds\n"
	"               the workspace lock (default: wait for it)\n"
	"\n"
	"exit status: 0 done, 2 usage error, 3 the cache could not be pruned (or\n"
	"the workspace is locked, with --no-wait)\n";

static void human(long long n, char *out, size_t len)
{
	if (n >= 1LL << 30)
		snprintf(out, len, "%.1f GiB", (double)n / (double)(1LL << 30));
	else if (n >= 1LL << 20)
		snprintf(out, len, "%.1f MiB", (double)n / (double)(1LL << 20));
	else if (n >= 1LL << 10)
		snprintf(out, len, "%.1f KiB", (double)n / (double)(1LL << 10));
	else
		snprintf(out, len, "%lld B", n);
}

int cmd_gc(int argc, char **argv, const struct workspace_opts *g)
{
	long long max = -1;
	int keep = -1, no_wait = 0, rc;
	struct cache_gc_stats st;
	const char *env;
	char kept[32], freed[32];
	const struct opt opts[] = {
		OPT_COUNTS(0, "keep", &keep, 0, 1000000000, NULL),
		OPT_BYTES(0, "max-size", &max, NULL),
		OPT_FLAG(0, "no-wait", &no_wait),
	};

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_NO_OPERANDS, usage) < 0)
		return EXIT_USAGE;
	if (keep >= 0 && max >= 0)
		return opt_usage(usage);
	/* the variable only when neither flag is given */
	if (keep < 0 && max < 0) {
		max = CACHE_DEFAULT_MAX;
		if ((env = opt_getenv("MENACE_CACHE_MAX")) && opt_size("MENACE_CACHE_MAX", env, &max) < 0)
			return EXIT_USAGE;
	}
	/* the manifest's directory; without a manifest, the current one (gc
	 * needs only the state directory) */
	if (workspace_enter_any(g) != 0)
		return EXIT_USAGE;
	/* no data directory: nothing to prune, and nothing is created */
	if (access(g->statedir, F_OK) == 0 && (rc = workspace_lock(g->statedir, no_wait)) != 0)
		return rc;
	rc = cache_gc(g->statedir, keep, max, &st);
	human(st.kept_bytes, kept, sizeof(kept));
	human(st.removed_bytes, freed, sizeof(freed));
	note("gc: kept %lld entries (%s), removed %lld entries and %lld blobs (%s)", st.kept, kept,
	     st.removed, st.blobs_removed, freed);
	return rc < 0 ? EXIT_STATE : EXIT_OK;
}
