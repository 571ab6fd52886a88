/* workerrun.c: one self-test's exchange with a taken worker
 * (workerpool.h): the request with the output pipe by SCM_RIGHTS, the
 * child's output, its {"pid"} and end replies, the backstop timeout. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/util.h"
#include "engine/selfpipe.h"
#include "rules/workerpool.h"

/* after the end reply, how long the rest of the output may take (the
 * worker kills what the child left, which may hold the pipe) */
#define DRAIN_NS 5000000000LL

int worker_fill(struct worker *w)
{
	ssize_t r;

	if (w->in_len == sizeof(w->in))
		return -1;
	do
		r = read(w->fd, w->in + w->in_len, sizeof(w->in) - w->in_len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? 0 : -1;
	if (r == 0)
		return 1;
	w->in_len += (size_t)r;
	return 0;
}

char *worker_line(struct worker *w)
{
	char *nl = memchr(w->in, '\n', w->in_len), *line;
	size_t n;

	if (!nl)
		return NULL;
	n = (size_t)(nl - w->in);
	line = xstrndup(w->in, n);
	memmove(w->in, nl + 1, w->in_len - n - 1);
	w->in_len -= n + 1;
	return line;
}

/* the request line with fd attached; 0, or -1 with errno */
static int send_request(int sock, const char *request, int fd)
{
	size_t len = strlen(request);
	char *line = xmalloc(len + 1);
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	size_t off = 0;
	ssize_t n;

	memcpy(line, request, len);
	line[len++] = '\n';
	memset(&msg, 0, sizeof(msg));
	memset(&ctl, 0, sizeof(ctl));
	while (off < len) {
		iov.iov_base = line + off;
		iov.iov_len = len - off;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		if (off == 0) {
			msg.msg_control = ctl.buf;
			msg.msg_controllen = sizeof(ctl.buf);
			c = CMSG_FIRSTHDR(&msg);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &fd, sizeof(int));
		} else {
			msg.msg_control = NULL;
			msg.msg_controllen = 0;
		}
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(line);
			return -1;
		}
		off += (size_t)n;
	}
	free(line);
	return 0;
}

/* one reply line into res; 1 when it is the end reply, 0 the pid, -1 junk */
static int take_reply(const char *line, struct worker_result *res)
{
	cJSON *r = cJSON_Parse(line);
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(r, "pid");
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(r, "exit");
	const cJSON *sig = cJSON_GetObjectItemCaseSensitive(r, "signal");
	int rc = -1;

	if (cJSON_IsNumber(ex) || cJSON_IsNumber(sig)) {
		res->exit_code = cJSON_IsNumber(ex) ? (int)ex->valuedouble : -(int)sig->valuedouble;
		res->timed_out |= cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "timed_out"));
		/* RLIMIT_CPU's signal is a timeout too */
		res->timed_out |= res->exit_code == -SIGXCPU;
		rc = 1;
	} else if (cJSON_IsNumber(pid) && pid->valuedouble > 1) {
		res->child = (pid_t)pid->valuedouble;
		rc = 0;
	}
	cJSON_Delete(r);
	return rc;
}

/* the exchange's state */
struct exchange {
	struct worker *w;
	struct worker_result *res;
	int out;                      /* the output pipe's read end, -1 at its end */
	int ended, gone;              /* the end reply came; the worker closed */
	long long start, deadline;    /* the backstop; then the output's drain */
};

/* what the worker sent: 0, -1 after a warning */
static int on_worker(struct exchange *x)
{
	char *line;
	int rc = worker_fill(x->w), r = 0;

	if (rc != 0)
		x->gone = 1;
	while ((line = worker_line(x->w)) && r >= 0) {
		r = take_reply(line, x->res);
		free(line);
		if (r == 1 && !x->ended) {
			x->ended = 1;
			x->res->duration_s = (double)(now_ns() - x->start) / 1e9;
			x->deadline = now_ns() + DRAIN_NS;
		}
	}
	free(line);
	if (r < 0)
		return error("the self-test worker %s/w%u sent a bad reply", x->w->pool->dir, x->w->k);
	if (x->gone && !x->ended)
		return error("the self-test worker %s/w%u ended during the self-test",
			     x->w->pool->dir, x->w->k);
	return 0;
}

static void on_output(struct exchange *x)
{
	char buf[65536];
	ssize_t r = read(x->out, buf, sizeof(buf));

	if (r > 0) {
		isolation_keep_tail(x->res->tail, &x->res->tail_len, buf, (size_t)r);
	} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
		close(x->out);
		x->out = -1;
	}
}

/* past the backstop: the worker and the child go */
static void backstop(struct exchange *x)
{
	if (x->res->child > 1)
		kill(-x->res->child, SIGKILL);
	workerpool_kill(x->w);
	x->res->timed_out = 1;
	x->res->exit_code = -SIGKILL;
	x->res->duration_s = (double)(now_ns() - x->start) / 1e9;
}

/* until the end reply and the output's end; 0, or -1 after a warning */
static int exchange(struct exchange *x, struct selfpipe *sp)
{
	while (!x->ended || x->out >= 0) {
		struct pollfd pfd[3] = {{sp ? selfpipe_fd() : -1, POLLIN, 0},
					{x->gone ? -1 : x->w->fd, POLLIN, 0},
					{x->out, POLLIN, 0}};
		long long left = x->deadline - now_ns();

		if (sp && selfpipe_drain(sp)) {
			x->res->interrupted = sp->interrupted;
			return 0;
		}
		if (left <= 0) {
			if (!x->ended)
				backstop(x);
			return 0;
		}
		if (poll(pfd, 3, (int)(left / 1000000) + 1) < 0 && errno != EINTR)
			return error("poll:");
		if (pfd[2].revents)
			on_output(x);
		if (pfd[1].revents && on_worker(x) < 0)
			return -1;
	}
	return 0;
}

int worker_run(struct worker *w, const char *request, double timeout_s, struct selfpipe *sp,
	       struct worker_result *res)
{
	struct exchange x;
	int fds[2], rc;

	memset(res, 0, sizeof(*res));
	res->exit_code = -1;
	memset(&x, 0, sizeof(x));
	x.w = w;
	x.res = res;
	if (isolation_pipe(fds) < 0)
		return error("cannot create a pipe:");
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	x.out = fds[0];
	x.start = now_ns();
	x.deadline = x.start + (long long)((timeout_s + WORKER_BACKSTOP) * 1e9);
	rc = send_request(w->fd, request, fds[1]);
	close(fds[1]);
	if (rc < 0)
		rc = error("cannot send the self-test to the worker %s/w%u:", w->pool->dir, w->k);
	else
		rc = exchange(&x, sp);
	if (x.out >= 0)
		close(x.out);
	res->tail[res->tail_len] = '\0';
	return rc;
}
