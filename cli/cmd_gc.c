/* cmd_gc.c: menace gc [--keep N | --max-size SIZE]: prune the local cache
 * (SANDBOX_DATA_DIR/cache/, cache.h), least recently used entries first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/cache.h"
#include "cli/cli.h"
#include "engine/lock.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace gc [--keep N | --max-size SIZE] [--no-wait]\n"
	"\n"
	"Prune the local cache (SANDBOX_DATA_DIR/cache/): keep the N most recently\n"
	"used entries, or the most recently used entries whose blobs fit in SIZE\n"
	"bytes (suffixes K, M, G, T: powers of 1024; 'KiB'/'KB' forms accepted).\n"
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

int cmd_gc(int argc, char **argv)
{
	long long keep = -1, max = -1;
	struct cache_gc_stats st;
	char *dir, *datadir, kept[32], freed[32];
	int i, rc;

	if (want_help(argc, argv, usage))
		return EXIT_OK;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

		if (no_wait_option(a))
			continue;
		if (strcmp(a, "--keep") == 0 || strcmp(a, "--max-size") == 0) {
			if (i + 1 >= argc)
				return usage_error(usage);
			v = argv[++i];
		} else if (strncmp(a, "--keep=", 7) == 0 || strncmp(a, "--max-size=", 11) == 0) {
			v = strchr(a, '=') + 1;
		} else {
			if (a[0] == '-')
				warn("unknown option '%s'", a);
			return usage_error(usage);
		}
		if (a[2] == 'k') {
			char *end;

			errno = 0;
			keep = strtoll(v, &end, 10);
			if (errno || end == v || *end || keep < 0) {
				warn("'--keep' needs a whole number, not '%s'", v);
				return usage_error(usage);
			}
		} else if ((max = cache_parse_size(v)) < 0) {
			warn("bad size '%s' (a number of bytes, with K, M, G or T)", v);
			return usage_error(usage);
		}
	}
	if (keep >= 0 && max >= 0)
		return usage_error(usage);
	if (keep < 0 && max < 0) {
		const char *env = getenv("MENACE_CACHE_MAX");

		max = CACHE_DEFAULT_MAX;
		if (env && *env && (max = cache_parse_size(env)) < 0) {
			warn("bad MENACE_CACHE_MAX '%s' (a number of bytes, with K, M, G or T)", env);
			return EXIT_USAGE;
		}
	}
	dir = path_dirname(cli.manifest);
	if (strcmp(dir, ".") != 0 && chdir(dir) < 0) {
		warn("cannot change to '%s':", dir);
		free(dir);
		return EXIT_USAGE;
	}
	free(dir);
	datadir = workspace_datadir();
	/* no data directory: nothing to prune, and nothing is created */
	if (access(datadir, F_OK) == 0 && (rc = workspace_lock(datadir)) != 0) {
		free(datadir);
		return rc;
	}
	rc = cache_gc(datadir, keep, max, &st);
	free(datadir);
	human(st.kept_bytes, kept, sizeof(kept));
	human(st.removed_bytes, freed, sizeof(freed));
	fprintf(stderr, "menace: gc: kept %lld entries (%s), removed %lld entries and %lld blobs (%s)\n",
	        st.kept, kept, st.removed, st.blobs_removed, freed);
	return rc < 0 ? EXIT_STATE : EXIT_OK;
}
