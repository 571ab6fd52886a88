/* proc.c: all process spawning. */
/* pipe2: a pipe made close-on-exec at once (Linux, the BSDs, POSIX.1-2024) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "engine/proc.h"
#include "engine/selfpipe.h"
#include "base/util.h"
#include "engine/watchdog.h"

extern char **environ;

struct jobs {
	struct proc **procs;
	size_t n, cap;
	struct pollfd *pfd;
	size_t cappfd;
	struct selfpipe sig;         /* SIGHUP only when not ignored, as by nohup */
	struct watchdog *watchdog;   /* started with the first command */
	int reported;     /* jobs_wait returned the signal once */
	int extra;        /* jobs_watch_fd's, or -1 */
	int null;         /* /dev/null (close-on-exec), every child's stdin; -1: not open yet */
};

struct jobs *jobs_new(void)
{
	struct jobs *j = xcalloc(1, sizeof(*j));

	selfpipe_start(&j->sig, 0);
	j->extra = j->null = -1;
	return j;
}

void jobs_free(struct jobs *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->n; i++)
		proc_free(j->procs[i]);
	selfpipe_stop(&j->sig);
	watchdog_stop(j->watchdog);
	if (j->null >= 0)
		close(j->null);
	free(j->procs);
	free(j->pfd);
	free(j);
}

void proc_free(struct proc *p)
{
	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	buf_free(&p->out);
	free(p);
}

/* in the vforked child: the signals menace handles back to their default
 * (also when menace's caller ignored them), die with menace, own process
 * group, known to the watchdog before the command can start anything,
 * stdin null (/dev/null), stdout and stderr into out; on failure errno goes
 * into *err, which the parent, suspended until the child execs or exits,
 * shares */
static void child(char *const argv[], char *const envp[], pid_t parent, struct watchdog *w, int null,
                  int out, volatile int *err)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE};
	struct sigaction dfl;
	sigset_t none;
	size_t i;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &dfl, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
#endif
	/* menace died before the line above: the signal will never come */
	if (getppid() != parent)
		_exit(127);
	if (setpgid(0, 0) < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		goto fail;
	watchdog_add(w, getpid());
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, envp);
fail:
	*err = errno ? errno : ENOEXEC;
	_exit(127);
}

/* vfork (posix_spawn cannot set PR_SET_PDEATHSIG) with every signal
 * blocked, so no handler of menace's runs in the child; the pid, or -1 with
 * errno set. As posix_spawn does, the child reports a failed exec through
 * memory it shares with the parent until then, not through a pipe */
static pid_t spawn(char *const argv[], char *const envp[], struct watchdog *w, int null, int out)
{
	sigset_t all, old;
	pid_t parent = getpid(), pid;
	volatile int err = 0;
	int e;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid = vfork();
	if (pid == 0)
		child(argv, envp, parent, w, null, out, &err);
	e = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid > 0 && err) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		watchdog_remove(w, pid);
		pid = -1;
		e = err;
	}
	errno = e;
	return pid;
}

struct proc *jobs_start(struct jobs *j, char *const argv[], double timeout, void *data)
{
	return jobs_start_env(j, argv, environ, timeout, data);
}

struct proc *jobs_start_env(struct jobs *j, char *const argv[], char *const envp[], double timeout, void *data)
{
	struct proc *p;
	int fds[2];

	/* first: it must not inherit the write end of a job's pipe */
	if (!j->watchdog)
		j->watchdog = watchdog_start();
	if (j->null < 0 && (j->null = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		warn("cannot open /dev/null:");
		return NULL;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		warn("cannot create a pipe:");
		return NULL;
	}
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	p = xcalloc(1, sizeof(*p));
	p->pid = spawn(argv, envp, j->watchdog, j->null, fds[1]);
	close(fds[1]);
	if (p->pid < 0) {
		warn("cannot run '%s':", argv[0]);
		close(fds[0]);
		free(p);
		return NULL;
	}
	p->fd = fds[0];
	p->data = data;
	p->start_ns = now_ns();
	if (timeout > 0)
		p->deadline_ns = p->start_ns + (long long)(timeout * 1e9);
	growarray(&j->procs, &j->cap, j->n + 1, sizeof(j->procs[0]));
	j->procs[j->n++] = p;
	return p;
}

size_t jobs_running(const struct jobs *j)
{
	return j->n;
}

int jobs_interrupted(const struct jobs *j)
{
	return j->sig.interrupted;
}

static void reap(struct jobs *j, struct proc *p)
{
	int st;
	pid_t r;

	if (p->reaped)
		return;
	do
		r = waitpid(p->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == p->pid || (r < 0 && errno == ECHILD)) {
		p->reaped = 1;
		p->status = r == p->pid ? st : 0;
		watchdog_remove(j->watchdog, p->pid);
	}
}

static void drain(struct proc *p)
{
	char chunk[16384];

	for (;;) {
		ssize_t r = read(p->fd, chunk, sizeof(chunk));

		if (r > 0) {
			buf_put(&p->out, chunk, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			close(p->fd);
			p->fd = -1;
		}
		return;
	}
}

int jobs_poll_signals(struct jobs *j)
{
	return selfpipe_drain(&j->sig);
}

void jobs_kill_all(struct jobs *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (!j->procs[i]->reaped)
			kill(-j->procs[i]->pid, SIGKILL);
}

int jobs_wait(struct jobs *j, struct proc **done)
{
	for (;;) {
		long long now = now_ns(), next = -1;
		size_t i, np = 0;
		int timeout_ms;

		for (i = 0; i < j->n; i++) {
			struct proc *p = j->procs[i];

			reap(j, p);
			if (p->reaped && p->fd < 0) {
				p->end_ns = now;
				j->procs[i] = j->procs[--j->n];
				*done = p;
				return 1;
			}
		}
		if (j->sig.interrupted && !j->reported) {
			j->reported = 1;
			return -1;
		}
		if (j->n == 0)
			return 0;
		growarray(&j->pfd, &j->cappfd, j->n + 2, sizeof(j->pfd[0]));
		j->pfd[np].fd = selfpipe_fd();
		j->pfd[np++].events = POLLIN;
		if (j->extra >= 0) {
			j->pfd[np].fd = j->extra;
			j->pfd[np].revents = 0;
			j->pfd[np++].events = POLLIN;
		}
		for (i = 0; i < j->n; i++) {
			struct proc *p = j->procs[i];

			if (p->deadline_ns && !p->timed_out) {
				if (now >= p->deadline_ns) {
					p->timed_out = 1;
					kill(-p->pid, SIGKILL);
				} else if (next < 0 || p->deadline_ns < next) {
					next = p->deadline_ns;
				}
			}
			if (p->fd >= 0) {
				j->pfd[np].fd = p->fd;
				j->pfd[np++].events = POLLIN;
			}
		}
		timeout_ms = next < 0 ? -1 : (int)((next - now) / 1000000 + 1);
		if (poll(j->pfd, np, timeout_ms) < 0 && errno != EINTR)
			die(EXIT_FAILED, "poll:");
		selfpipe_drain(&j->sig);
		for (i = 0; i < j->n; i++)
			if (j->procs[i]->fd >= 0)
				drain(j->procs[i]);
		if (j->extra >= 0 && (j->pfd[1].revents & POLLIN) && !j->sig.interrupted)
			return 2;
		/* every writer gone: no token will ever come this way */
		if (j->extra >= 0 && (j->pfd[1].revents & (POLLHUP | POLLERR | POLLNVAL)))
			j->extra = -1;
	}
}

void jobs_watch_fd(struct jobs *j, int fd)
{
	j->extra = fd;
}

void proc_describe(const struct proc *p, double timeout, struct buf *b)
{
	if (p->timed_out)
		buf_printf(b, "timed out after %gs", timeout);
	else if (WIFEXITED(p->status))
		buf_printf(b, "exit status %d", WEXITSTATUS(p->status));
	else if (WIFSIGNALED(p->status))
		buf_printf(b, "killed by signal %d", WTERMSIG(p->status));
	else
		buf_puts(b, "stopped");
}
