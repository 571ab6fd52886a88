/* httpserve.c: the server of httpserve.h. Signals come through the engine's
 * self-pipe, polled beside the listening socket, so SIGINT between two
 * clients ends the loop at once. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli/httpserve.h"
#include "base/opt.h"
#include "engine/selfpipe.h"
#include "base/util.h"

#define HEAD_MAX 8192

/* split "[ADDR:]PORT" ("[::1]:PORT" for IPv6) into host and port; 0 or -1
 * after a message */
static int split_spec(const char *spec, char **host, char **port)
{
	const char *colon = strrchr(spec, ':');
	long long n;

	*host = NULL;
	if (!colon) {
		*port = xstrdup(spec);
	} else {
		size_t hl = (size_t)(colon - spec);

		if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']')
			*host = xstrndup(spec + 1, hl - 2);
		else if (hl)
			*host = xstrndup(spec, hl);
		*port = xstrdup(colon + 1);
	}
	if (!*host)
		*host = xstrdup("127.0.0.1");
	if (opt_count(NULL, *port, 0, 65535, &n) < 0) {
		warn("cannot serve on '%s': the port is not a number from 0 to 65535", spec);
		free(*host);
		free(*port);
		return -1;
	}
	return 0;
}

/* a listening socket for spec, or -1 after a message; *shown is
 * "http://HOST:PORT" with the port bound */
static int listen_on(const char *spec, char **shown)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char *host, *port, pbuf[NI_MAXSERV];
	int fd = -1, rc, one = 1;

	if (split_spec(spec, &host, &port) < 0)
		return -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		warn("cannot serve on '%s': %s", spec, gai_strerror(rc));
		goto out;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0)
			break;
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		warn("cannot serve on '%s':", spec);
		goto out;
	}
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	getnameinfo((struct sockaddr *)&ss, sl, NULL, 0, pbuf, sizeof(pbuf), NI_NUMERICSERV);
	*shown = xasprintf(strchr(host, ':') ? "http://[%s]:%s" : "http://%s:%s", host, pbuf);
out:
	if (res)
		freeaddrinfo(res);
	free(host);
	free(port);
	return fd;
}

static void send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;    /* the client went away: nothing to tell it */
		s += w;
		n -= (size_t)w;
	}
}

static void respond(int fd, int status, const char *reason, const char *type,
		    const char *body, size_t len, int head_only, const char *extra)
{
	char *h = xasprintf("HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			    "%sConnection: close\r\n\r\n", status, reason, type, len, extra);

	send_all(fd, h, strlen(h));
	if (!head_only)
		send_all(fd, body, len);
	free(h);
}

/* read the request head into buf (NUL-terminated): its length, or -1 */
static ssize_t read_head(int fd, char *buf)
{
	size_t len = 0;
	struct timeval tv = {5, 0};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (len < HEAD_MAX - 1) {
		ssize_t r = recv(fd, buf + len, HEAD_MAX - 1 - len, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return (ssize_t)len;
	}
	buf[len] = '\0';
	return len ? (ssize_t)len : -1;
}

/* one client: read its request line, answer, close */
static void serve_one(const struct httpserve *h, int fd)
{
	static const char text[] = "text/plain; charset=utf-8";
	char buf[HEAD_MAX], method[16], target[2048], version[16];
	struct buf doc = BUF_INIT;
	size_t plen = strlen(h->path);
	int head;

	if (read_head(fd, buf) < 0)
		goto out;
	if (sscanf(buf, "%15s %2047s %15s", method, target, version) != 3 ||
	    strncmp(version, "HTTP/1.", 7) != 0) {
		respond(fd, 400, "Bad Request", text, "bad request\n", 12, 0, "");
		goto out;
	}
	head = strcmp(method, "HEAD") == 0;
	if (strncmp(target, h->path, plen) != 0 || (target[plen] && target[plen] != '?')) {
		respond(fd, 404, "Not Found", text, "not found\n", 10, head, "");
		goto out;
	}
	if (!head && strcmp(method, "GET") != 0) {
		respond(fd, 405, "Method Not Allowed", text, "method not allowed\n", 19, 0,
			"Allow: GET, HEAD\r\n");
		goto out;
	}
	if (h->make(h->arg, &doc) < 0) {
		respond(fd, 500, "Internal Server Error", text, "cannot read the metrics\n", 24, head, "");
		goto out;
	}
	respond(fd, 200, "OK", h->content_type, doc.s ? doc.s : "", doc.len, head, "");
out:
	buf_free(&doc);
	shutdown(fd, SHUT_WR);
	close(fd);
}

int httpserve_run(const struct httpserve *h)
{
	struct selfpipe sp;
	struct pollfd p[2];
	char *shown = NULL;
	int lfd = listen_on(h->spec, &shown), rc = 0;

	if (lfd < 0)
		return EXIT_USAGE;
	selfpipe_start(&sp, 0);
	{
		const char *fields[] = {"url", shown, NULL};

		logmsg(LOG_INFO, fields, "serving %s%s", shown, h->path);
	}
	p[0].fd = lfd;
	p[0].events = POLLIN;
	p[1].fd = selfpipe_fd();
	p[1].events = POLLIN;
	while (!selfpipe_drain(&sp)) {
		int cfd;

		if (poll(p, 2, -1) < 0 && errno != EINTR) {
			rc = error("poll:");
			break;
		}
		if (!(p[0].revents & POLLIN))
			continue;
		cfd = accept(lfd, NULL, NULL);
		if (cfd >= 0) {
			fcntl(cfd, F_SETFD, FD_CLOEXEC);
			serve_one(h, cfd);
		}
	}
	selfpipe_stop(&sp);
	close(lfd);
	free(shown);
	if (rc < 0)
		return EXIT_FAILED;
	return sp.interrupted == SIGHUP ? EXIT_HANGUP : EXIT_INTERRUPTED;
}
