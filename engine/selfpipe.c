/* selfpipe.c: signals through a pipe (selfpipe.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "engine/selfpipe.h"
#include "base/util.h"

static int fds[2] = {-1, -1};

static void on_signal(int sig)
{
	int e = errno;
	unsigned char c = (unsigned char)sig;

	if (write(fds[1], &c, 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = e;
}

void selfpipe_start(struct selfpipe *sp, int ignored_hup)
{
	struct sigaction sa;

	memset(sp, 0, sizeof(*sp));
	if (fds[0] < 0) {
		if (pipe(fds) < 0)
			die(EXIT_FAILED, "cannot create a pipe:");
		fcntl(fds[0], F_SETFL, O_NONBLOCK);
		fcntl(fds[1], F_SETFL, O_NONBLOCK);
		fcntl(fds[0], F_SETFD, FD_CLOEXEC);
		fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, &sp->old_int);
	sigaction(SIGTERM, &sa, &sp->old_term);
	sigaction(SIGHUP, NULL, &sp->old_hup);
	if (ignored_hup || sp->old_hup.sa_handler != SIG_IGN) {
		sp->hup = 1;
		sigaction(SIGHUP, &sa, NULL);
	}
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, &sp->old_chld);
}

void selfpipe_stop(struct selfpipe *sp)
{
	sigaction(SIGINT, &sp->old_int, NULL);
	sigaction(SIGTERM, &sp->old_term, NULL);
	if (sp->hup)
		sigaction(SIGHUP, &sp->old_hup, NULL);
	sigaction(SIGCHLD, &sp->old_chld, NULL);
}

int selfpipe_fd(void)
{
	return fds[0];
}

int selfpipe_drain(struct selfpipe *sp)
{
	unsigned char c[64];
	ssize_t r, i;

	while ((r = read(fds[0], c, sizeof(c))) > 0)
		for (i = 0; i < r; i++)
			if ((c[i] == SIGINT || c[i] == SIGTERM || c[i] == SIGHUP) && !sp->interrupted)
				sp->interrupted = c[i];
	return sp->interrupted;
}
