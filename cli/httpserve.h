/* httpserve.h: a minimal HTTP/1.1 server for one document (menace metrics
 * --serve): plain sockets, one client at a time, "Connection: close".
 * GET and HEAD of the path give 200 with the text made afresh for each
 * request (Content-Length, no chunking); another path 404, another method
 * 405, a request that is not HTTP 400, a failed make 500. A client has 5 s
 * to send its request head (at most 8 KiB). */
#ifndef MENACE_HTTPSERVE_H
#define MENACE_HTTPSERVE_H

#include "base/buf.h"

struct httpserve {
	const char *spec;          /* "[ADDR:]PORT" as given, ADDR default 127.0.0.1 */
	const char *path;          /* "/metrics" */
	const char *content_type;
	/* append the document to out: 0, or -1 after a warning (500) */
	int (*make)(void *arg, struct buf *out);
	void *arg;
};

/* bind, print "serving http://ADDR:PORT/PATH" (the port bound, for PORT 0),
 * and answer until SIGINT or SIGTERM (EXIT_INTERRUPTED) or SIGHUP
 * (EXIT_HANGUP); EXIT_USAGE when spec is bad or cannot be bound,
 * EXIT_FAILED when waiting for clients fails */
int httpserve_run(const struct httpserve *h);

#endif
