/* cachestats.c: STATEDIR/cache/stats, read and rewritten atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/cachestats.h"

#define HEAD "menace-cache-stats 1\n"

static const char *const names[] = {
	"local_hits", "local_misses", "local_bytes", "remote_hits", "remote_misses",
	"remote_bytes_down", "remote_bytes_up", "remote_errors",
};

#define NCOUNTERS (sizeof(names) / sizeof(names[0]))

static long long *field(struct cache_stats *st, size_t i)
{
	return &((long long *)st)[i];
}

static char *stats_path(const char *statedir)
{
	return xasprintf("%s/cache/stats", statedir);
}

int cache_stats_read(const char *statedir, struct cache_stats *st)
{
	char *path = stats_path(statedir), *text, *p;
	size_t len, i;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	text = read_file(path, &len);
	if (!text) {
		if (errno != ENOENT)
			ret = error("cannot read '%s':", path);
		free(path);
		return ret;
	}
	if (len < strlen(HEAD) || memcmp(text, HEAD, strlen(HEAD)) != 0)
		ret = -1;
	for (p = text + strlen(HEAD); ret == 0 && p < text + len;) {
		char *sp = strchr(p, ' '), *nl = strchr(p, '\n'), *end;

		if (!sp || !nl || sp > nl) {
			ret = -1;
			break;
		}
		for (i = 0; i < NCOUNTERS; i++)
			if ((size_t)(sp - p) == strlen(names[i]) && memcmp(p, names[i], (size_t)(sp - p)) == 0)
				*field(st, i) = strtoll(sp + 1, &end, 10);
		p = nl + 1;
	}
	if (ret < 0)
		warn("'%s' is not a cache stats file", path);
	free(text);
	free(path);
	return ret;
}

int cache_stats_add(const char *statedir, const struct cache_stats *d)
{
	struct cache_stats st;
	struct buf b = BUF_INIT;
	char *path;
	size_t i;
	int ret;

	cache_stats_read(statedir, &st);
	for (i = 0; i < NCOUNTERS; i++)
		*field(&st, i) += *field((struct cache_stats *)d, i);
	buf_puts(&b, HEAD);
	for (i = 0; i < NCOUNTERS; i++)
		buf_printf(&b, "%s %lld\n", names[i], *field(&st, i));
	path = stats_path(statedir);
	ret = mkdir_parents(path) < 0 ? -1 : write_file_atomic(path, b.s, b.len);
	if (ret < 0)
		warn("cannot write '%s':", path);
	free(path);
	buf_free(&b);
	return ret < 0 ? -1 : 0;
}
