/* jobserver.c: GNU make's jobserver, the client side and the pipe menace
 * serves (jobserver.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "engine/jobserver.h"

struct jobserver {
	int rfd, wfd;         /* our own non-blocking read end; the write end */
	int close_wfd;        /* wfd is ours to close */
	char *tokens;         /* the bytes read, given back as they came */
	size_t held, cap;
	int pipe[2];          /* served: the pipe the commands inherit, else -1 */
	char *old_flags;      /* served: MAKEFLAGS before, or NULL (unset) */
};

/* the value of the last "--jobserver-auth=" or "--jobserver-fds=" word of
 * flags (make repeats it for each level; the last one is the nearest
 * make's), malloc'd, or NULL */
static char *auth_of(const char *flags)
{
	static const char *const keys[] = {"--jobserver-auth=", "--jobserver-fds="};
	const char *p = flags, *best = NULL;
	size_t k;

	while (*p) {
		while (*p == ' ')
			p++;
		for (k = 0; k < 2; k++)
			if (strncmp(p, keys[k], strlen(keys[k])) == 0)
				best = p + strlen(keys[k]);
		while (*p && *p != ' ')
			p++;
	}
	return best ? xstrndup(best, strcspn(best, " ")) : NULL;
}

/* a new non-blocking open file description of fd's pipe (O_NONBLOCK on
 * make's own would change make's reads too) */
static int reopen_nonblocking(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

struct jobserver *jobserver_open(void)
{
	const char *flags = getenv("MAKEFLAGS");
	struct jobserver *js;
	char *auth;
	int r, w;

	if (!flags || !(auth = auth_of(flags)))
		return NULL;
	js = xcalloc(1, sizeof(*js));
	js->rfd = js->wfd = -1;
	js->pipe[0] = js->pipe[1] = -1;
	if (strncmp(auth, "fifo:", 5) == 0) {
		js->rfd = open(auth + 5, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		js->wfd = open(auth + 5, O_WRONLY | O_CLOEXEC);
		js->close_wfd = 1;
		if (js->rfd < 0 || js->wfd < 0)
			warn("warning: cannot open the jobserver fifo '%s' of MAKEFLAGS: %s; using -j",
			     auth + 5, strerror(errno));
	} else if (sscanf(auth, "%d,%d", &r, &w) == 2 && r >= 0 && w >= 0) {
		if (fcntl(r, F_GETFD) < 0 || fcntl(w, F_GETFD) < 0)
			warn("warning: the jobserver of MAKEFLAGS is not open here (mark the make "
			     "recipe line with '+'); using -j");
		else if ((js->rfd = reopen_nonblocking(r)) >= 0)
			js->wfd = w;
	} else {
		warn("warning: cannot read the jobserver '%s' of MAKEFLAGS; using -j", auth);
	}
	free(auth);
	if (js->rfd < 0 || js->wfd < 0) {
		if (js->rfd >= 0)
			close(js->rfd);
		if (js->close_wfd && js->wfd >= 0)
			close(js->wfd);
		free(js);
		return NULL;
	}
	return js;
}

struct jobserver *jobserver_serve(size_t jobs)
{
	struct jobserver *js = xcalloc(1, sizeof(*js));
	const char *old = getenv("MAKEFLAGS");
	size_t i;
	char *flags;

	js->rfd = js->wfd = js->pipe[0] = js->pipe[1] = -1;
	/* the commands inherit both ends (no O_CLOEXEC), as make's do */
	if (pipe(js->pipe) < 0 || (js->rfd = reopen_nonblocking(js->pipe[0])) < 0) {
		warn("warning: cannot make a jobserver pipe:");
		goto fail;
	}
	js->wfd = js->pipe[1];
	/* a full pipe would block: -j beyond what it holds gets what it holds */
	fcntl(js->wfd, F_SETFL, fcntl(js->wfd, F_GETFL) | O_NONBLOCK);
	for (i = 1; i < jobs; i++)
		if (write(js->wfd, "+", 1) != 1) {
			if (errno != EAGAIN) {
				warn("warning: cannot fill the jobserver pipe:");
				goto fail;
			}
			warn("warning: the jobserver pipe holds %zu tokens, not %zu", i - 1, jobs - 1);
			break;
		}
	fcntl(js->wfd, F_SETFL, fcntl(js->wfd, F_GETFL) & ~O_NONBLOCK);
	js->old_flags = old ? xstrdup(old) : NULL;
	flags = xasprintf("%s%s-j%zu --jobserver-auth=%d,%d", old ? old : "", old && *old ? " " : "",
	                  jobs, js->pipe[0], js->pipe[1]);
	setenv("MAKEFLAGS", flags, 1);
	free(flags);
	return js;
fail:
	if (js->rfd >= 0)
		close(js->rfd);
	if (js->pipe[0] >= 0) {
		close(js->pipe[0]);
		close(js->pipe[1]);
	}
	free(js);
	return NULL;
}

int jobserver_fd(const struct jobserver *js)
{
	return js->rfd;
}

int jobserver_take(struct jobserver *js)
{
	char c;
	ssize_t n = read(js->rfd, &c, 1);

	if (n != 1)
		return 0;
	growarray(&js->tokens, &js->cap, js->held + 1, 1);
	js->tokens[js->held++] = c;
	return 1;
}

void jobserver_give(struct jobserver *js)
{
	char c;

	if (!js->held)
		return;
	c = js->tokens[--js->held];
	while (write(js->wfd, &c, 1) < 0 && errno == EINTR)
		;
}

size_t jobserver_held(const struct jobserver *js)
{
	return js->held;
}

void jobserver_close(struct jobserver *js)
{
	if (!js)
		return;
	while (js->held)
		jobserver_give(js);
	close(js->rfd);
	if (js->close_wfd)
		close(js->wfd);
	if (js->pipe[0] >= 0) {
		close(js->pipe[0]);
		close(js->pipe[1]);
		if (js->old_flags)
			setenv("MAKEFLAGS", js->old_flags, 1);
		else
			unsetenv("MAKEFLAGS");
		free(js->old_flags);
	}
	free(js->tokens);
	free(js);
}
