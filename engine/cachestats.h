/* cachestats.h: the counters of the local and the remote cache, summed
 * over every build in STATEDIR/cache/stats (text, format 1: a line
 * "menace-cache-stats 1", then one "NAME VALUE" line per counter, in the
 * order of struct cache_stats). A build adds its counts when it ends,
 * under the workspace lock; `menace cache stats` prints them. */
#ifndef MENACE_CACHESTATS_H
#define MENACE_CACHESTATS_H

struct cache_stats {
	long long local_hits;         /* rules restored from the local cache */
	long long local_misses;       /* rules it could not restore (they ran, or came from the remote) */
	long long local_bytes;        /* bytes restored from it */
	long long remote_hits;        /* rules found in the remote cache */
	long long remote_misses;      /* rules looked up there and not found (or not usable) */
	long long remote_bytes_down;  /* blob bytes downloaded and verified */
	long long remote_bytes_up;    /* blob and entry bytes uploaded */
	long long remote_errors;      /* transfers that failed after their retries */
};

/* the sums so far (zeros when there is no file); 0, or -1 when the file
 * is not a stats file (after a warning) */
int cache_stats_read(const char *statedir, struct cache_stats *st);
/* add d to the sums; 0 or -1 after a warning */
int cache_stats_add(const char *statedir, const struct cache_stats *d);

#endif
