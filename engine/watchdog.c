/* watchdog.c: the watchdog process (watchdog.h). The protocol is one
 * native int32 per message: +pgid started, -pgid reaped; a socket write of
 * 4 bytes is never split, and MSG_NOSIGNAL spares menace a SIGPIPE if the
 * watchdog is gone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "engine/watchdog.h"

/* how long the watchdog lets messages gather after reading some */
#define WATCHDOG_BATCH_NS 10000000L
/* how long the watchdog waits for killed processes to end */
#define WATCHDOG_WAIT_NS 2000000000LL

struct watchdog {
	pid_t pid;
	int fd;
};

struct groups {
	pid_t *v;
	size_t n, cap;
};

static void groups_apply(struct groups *g, int32_t msg)
{
	size_t i;

	if (msg > 0) {
		growarray(&g->v, &g->cap, g->n + 1, sizeof(g->v[0]));
		g->v[g->n++] = msg;
		return;
	}
	for (i = 0; i < g->n; i++)
		if (g->v[i] == -msg) {
			g->v[i] = g->v[--g->n];
			return;
		}
}

/* 1 when a process of one of the groups runs (zombies do not: nobody may
 * reap them, as when the init of a container does not) */
static int groups_alive(const struct groups *g)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int alive = 0;

	if (!d)
		return 0;
	while (!alive && (de = readdir(d))) {
		char path[300], buf[512], *p, state;
		long pgrp;
		ssize_t n;
		size_t i;
		int fd;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		/* "pid (comm) state ppid pgrp ...": comm may hold anything */
		if (!(p = strrchr(buf, ')')) || sscanf(p + 1, " %c %*d %ld", &state, &pgrp) != 2)
			continue;
		for (i = 0; i < g->n && !alive; i++)
			alive = pgrp == g->v[i] && state != 'Z' && state != 'X';
	}
	closedir(d);
	return alive;
}

static void serve(int fd)
{
	struct groups g = {NULL, 0, 0};
	int32_t msg[256];
	long long end;
	size_t i;

	for (;;) {
		ssize_t r = read(fd, msg, sizeof(msg));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < (size_t)r / sizeof(msg[0]); i++)
			groups_apply(&g, msg[i]);
		/* let messages gather: one wake-up per batch, not two per
		 * command (a full socket only makes a sender wait this long) */
		if (r < (ssize_t)sizeof(msg)) {
			struct timespec ts = {0, WATCHDOG_BATCH_NS};

			nanosleep(&ts, NULL);
		}
	}
	end = now_ns() + WATCHDOG_WAIT_NS;
	do {
		struct timespec ts = {0, 2000000};

		for (i = 0; i < g.n; i++)
			kill(-g.v[i], SIGKILL);
		if (!g.n || !groups_alive(&g))
			break;
		nanosleep(&ts, NULL);
	} while (now_ns() < end);
	_exit(0);
}

/* in the forked watchdog: away from menace's terminal and signals */
static void detach(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGPIPE};
	struct sigaction ign;
	sigset_t none;
	size_t i;
	int null = open("/dev/null", O_RDWR);

	setpgid(0, 0);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &ign, NULL);
	ign.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &ign, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* a pipe menace's caller reads to its end must not wait for us */
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (null > 2)
			close(null);
	}
}

struct watchdog *watchdog_start(void)
{
	struct watchdog *w;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		warn("cannot create a socket for the watchdog:");
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		warn("cannot start the watchdog:");
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	if (pid == 0) {
		close(sv[0]);
		detach();
		serve(sv[1]);
	}
	close(sv[1]);
	w = xcalloc(1, sizeof(*w));
	w->pid = pid;
	w->fd = sv[0];
	return w;
}

static void tell(struct watchdog *w, int32_t msg)
{
	ssize_t r;

	if (!w || w->fd < 0)
		return;
	do
		r = send(w->fd, &msg, sizeof(msg), MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
}

void watchdog_add(struct watchdog *w, pid_t pgid)
{
	tell(w, (int32_t)pgid);
}

void watchdog_remove(struct watchdog *w, pid_t pgid)
{
	tell(w, -(int32_t)pgid);
}

void watchdog_stop(struct watchdog *w)
{
	pid_t r;

	if (!w)
		return;
	close(w->fd);
	do
		r = waitpid(w->pid, NULL, 0);
	while (r < 0 && errno == EINTR);
	free(w);
}
