/* http.h: HTTP transfers with libcurl for the remote cache and the score
 * backend: one base URL whose credentials are split off (never printed),
 * transfers run in parallel on one multi handle, connect and transfer
 * timeouts, a bounded number of retries, a circuit that stops trying after
 * repeated failures, and exactly one warning for the first failure. TLS is
 * verified (libcurl's default); only http and https are spoken. */
#ifndef MENACE_HTTP_H
#define MENACE_HTTP_H

#include <stdio.h>

#include "base/buf.h"

struct http_opts {
	const char *what;         /* for the warning: "remote cache", "score backend" */
	const char *fallback;     /* its end, what happens instead; NULL: "going on without it
	                           * (further failures are not reported)" */
	const char *auth;         /* the Authorization header's value, or NULL */
	double timeout;           /* seconds a transfer may take, connecting included */
	double connect_timeout;   /* seconds to connect */
	int retries;              /* extra attempts after a connection error, a timeout or a 5xx */
	int circuit;              /* consecutive failed transfers that stop all further ones */
	/* called while transfers run (at least every 100 ms): nonzero stops
	 * them all at once (an interrupted build), without a warning */
	int (*stop)(void *ctx);
	void *stop_ctx;
};

/* the defaults: 5 s to connect, 60 s a transfer, 2 retries, circuit after 3 */
void http_opts_default(struct http_opts *o, const char *what);

enum http_op { HTTP_GET, HTTP_HEAD, HTTP_PUT, HTTP_POST };

/* one transfer; fill op, path and the body's source or sink, zero the rest */
struct http_xfer {
	enum http_op op;
	const char *path;         /* appended to the base URL as given ("/cas/HEX", "") */
	FILE *to;                 /* GET: the body goes here (truncated on a retry), */
	struct buf body;          /*      else here */
	const char *from;         /* PUT: the file to send, */
	const char *data;         /* PUT, POST: else these bytes */
	size_t len;
	const char *content_type; /* POST */
	long status;              /* the HTTP status of the last attempt */
	int result;               /* 0 done (2xx), 1 not found (404), -1 failed */
	long long bytes;          /* body bytes sent or received */
	/* internal */
	int attempts;
	FILE *in;
	size_t off;
	void *easy;
	char err[256];
};

struct http;

/* the base URL (http:// or https://, credentials in its userinfo allowed);
 * NULL with *why (malloc'd) when it is not such a URL, or libcurl cannot
 * be loaded (engine/curllib.h) */
struct http *http_new(const char *url, const struct http_opts *o, char **why);
void http_free(struct http *h);
/* the base URL without its credentials, for messages */
const char *http_url(const struct http *h);
/* 0 once the circuit has opened: every transfer fails at once */
int http_usable(const struct http *h);
/* run x[0..n) in parallel until each is done, not found or failed; the
 * number that failed */
int http_run(struct http *h, struct http_xfer *x, size_t n);
/* the failed transfers so far (after their retries) */
long long http_failures(const struct http *h);

#endif
