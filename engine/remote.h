/* remote.h: the remote cache, an HTTP(S) server speaking the protocol of
 * bazel-remote and of an nginx WebDAV location: GET/HEAD/PUT URL/cas/SHA256
 * for blobs (a file's bytes, named by their SHA-256) and URL/ac/SHA256 for
 * action entries (named by the remote key, remotekey.h). It sits behind
 * the local cache: a rule the local cache cannot restore is looked up
 * here, and what is found is verified and stored into the local cache,
 * which then restores it; a rule that ran is uploaded after the local
 * cache stored it. Format and rules: docs/remote-cache.md and remote.c. */
#ifndef MENACE_REMOTE_H
#define MENACE_REMOTE_H

#include <stddef.h>

#include "engine/cache.h"
#include "engine/http.h"

enum { REMOTE_READ = 1, REMOTE_WRITE = 2 };

struct remote_opts {
	const char *url;          /* with credentials in its userinfo, if any */
	int mode;                 /* REMOTE_READ | REMOTE_WRITE */
	struct http_opts http;    /* timeouts, retries, Authorization */
};

/* counters of one build (cachestats.h keeps the sums) */
struct remote_stats {
	long long hits, misses, bytes_down, bytes_up, errors;
};

struct remote;

/* the remote cache in front of local; NULL with *why (malloc'd) for a bad URL */
struct remote *remote_open(const struct remote_opts *o, struct cache *local, char **why);
void remote_free(struct remote *r);
int remote_mode(const struct remote *r);
/* the URL without credentials, for messages */
const char *remote_url(const struct remote *r);
void remote_get_stats(const struct remote *r, struct remote_stats *st);

/* a rule to restore: its key serialization and declared outputs */
struct remote_want {
	const char *ser;
	size_t len;
	struct node **out;
	size_t nout;
	int got;                  /* set: 1 when the local cache now holds its entry */
	/* a depfile rule with no depfile inputs recorded here (a fresh clone):
	 * ser lacks its dep lines, and remote_fetch_deps looks them up */
	int want_deps;
	char **deps;              /* set by remote_fetch_deps: the depfile inputs of a */
	size_t ndeps;             /* run stored remotely (malloc'd), or NULL */
};
/* for each w[i] with want_deps: the depfile inputs (workspace-relative
 * paths) of the last run stored remotely with the same key but for its dep
 * lines (a "deps entry", remote.c), into w[i].deps; the caller adds their
 * dep lines, hashed here, to w[i].ser before remote_fetch, so the key
 * looked up is one computed from this workspace's files */
void remote_fetch_deps(struct remote *r, struct remote_want *w, size_t n);
/* look w[0..n) up: every entry, then every blob they name, in parallel;
 * each blob verified against its SHA-256 and stored in the local cache,
 * then the entry under the local key (key_hash of ser) */
void remote_fetch(struct remote *r, struct remote_want *w, size_t n);
/* a run stored in the local cache under ser's key, with its outputs'
 * content hashes: queue its upload (directory outputs are not uploaded).
 * ser[base..len) are its dep lines, one per deps[0..ndeps) (base == len:
 * none); with some, its deps entry is uploaded too */
void remote_queue(struct remote *r, const char *ser, size_t len, size_t base, char *const *deps,
                  size_t ndeps, struct node **out, const struct hash *hashes, size_t n);
/* upload what is queued: every blob first, then the entries whose blobs
 * all arrived */
void remote_flush(struct remote *r);
/* the number of runs queued for upload */
size_t remote_pending(const struct remote *r);

#endif
