/* proc.h: every child process menace runs. Children are started with
 * vfork+exec in their own process group, stdin from /dev/null, stdout and
 * stderr into one pipe, killed (SIGKILL) when menace dies: directly by
 * PR_SET_PDEATHSIG, with their whole group by the watchdog (watchdog.h).
 * One poll() loop reads all pipes, enforces timeouts, and watches
 * SIGINT/SIGTERM/SIGHUP/SIGCHLD through a self-pipe. */
#ifndef MENACE_PROC_H
#define MENACE_PROC_H

#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"

struct proc {
	pid_t pid;
	int fd;                  /* read end of the output pipe; -1 after EOF */
	int reaped;
	int status;              /* wait status once reaped */
	int timed_out;           /* killed by its timeout */
	long long start_ns, end_ns, deadline_ns;   /* now_ns(); deadline 0: none */
	struct buf out;          /* captured stdout and stderr */
	void *data;              /* the caller's */
};

struct jobs;

/* set up the self-pipe and signal handlers (restored by jobs_free; SIGHUP
 * only when it is not ignored, as under nohup) */
struct jobs *jobs_new(void);
/* restore the handlers and stop the watchdog; nothing may run any more */
void jobs_free(struct jobs *j);
/* start argv[0] (a path) with argv, in the current directory; timeout in
 * seconds (0: none). NULL after a warning */
struct proc *jobs_start(struct jobs *j, char *const argv[], double timeout, void *data);
/* the same with the environment envp instead of menace's */
struct proc *jobs_start_env(struct jobs *j, char *const argv[], char *const envp[], double timeout, void *data);
/* wait until a process has finished (both exited and its output read) and
 * return it in *done: 1; 0 when nothing is running; -1 (once) when
 * SIGINT/SIGTERM/SIGHUP arrived (jobs_interrupted says which); 2 when the
 * fd of jobs_watch_fd is readable */
int jobs_wait(struct jobs *j, struct proc **done);
size_t jobs_running(const struct jobs *j);
/* fd (or -1: none) is polled too while waiting: jobs_wait returns 2 when
 * it becomes readable (a jobserver token may be there) */
void jobs_watch_fd(struct jobs *j, int fd);
/* kill every running process group (SIGKILL) and reap them; each is
 * returned by later jobs_wait calls */
void jobs_kill_all(struct jobs *j);
/* the signal that arrived (SIGINT/SIGTERM/SIGHUP), or 0 */
int jobs_interrupted(const struct jobs *j);
/* look for a signal without waiting (for long stretches without children);
 * the signal, or 0 */
int jobs_poll_signals(struct jobs *j);
void proc_free(struct proc *p);
/* "exit status 2", "killed by signal 9", "timed out after 3s" */
void proc_describe(const struct proc *p, double timeout, struct buf *b);

#endif
