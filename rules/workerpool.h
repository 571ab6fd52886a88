/* workerpool.h: preloaded Python workers for the self-tests. A pool is a
 * directory POOLDIR (mkdtemp, 0700) holding the embedded harness
 * (py/menace_harness/, rules/harnesssrc.h), the workers' HOME (home/), the
 * file `pool` (what a `menace selftest` of the build needs to use and
 * repair it: the interpreter, the owner pid, the number of workers) and
 * per worker K: wK.sock (its AF_UNIX socket), wK.pid, wK.log (its
 * stdout+stderr), wK.lock (flock: the self-test using it) and wK.home
 * (that self-test's: its child's HOME and TMPDIR, made empty for each
 * self-test by the one holding the lock). A worker
 * serves one self-test at a time: a hello line, then one request line
 * carrying the child's output pipe by SCM_RIGHTS, then {"pid"} and the end
 * reply (the protocol: rules/harness/worker.py and docs/sandbox.md). */
#ifndef MENACE_WORKERPOOL_H
#define MENACE_WORKERPOOL_H

#include <stddef.h>
#include <sys/types.h>

#include "rules/isolation.h"
#include "rules/pyinterp.h"

struct selfpipe;

/* the variable naming the build's pool to the self-tests it starts */
#define WORKERPOOL_ENV "MENACE_SELFTEST_POOL"
/* a worker's start (its pytest import) and a hello may take this long */
#define WORKERPOOL_START_TIMEOUT 60.0
#define WORKERPOOL_HELLO_TIMEOUT 10.0

struct workerpool {
	char *dir;            /* POOLDIR */
	unsigned n;           /* workers w0 .. w(n-1) */
	struct pyinterp py;   /* their interpreter */
	long owner;           /* the pid whose end ends them (--owner) */
	int private_pool;     /* made by this process: its workers are its children */
	pid_t *pids;          /* private pool: each worker's pid, 0 when none */
	double hello_timeout_s;   /* WORKERPOOL_HELLO_TIMEOUT: past it a worker is wedged */
};

/* a new pool of n workers of py, every worker answering its socket before
 * it returns; private_pool: workers are this process's children (`menace
 * selftest` by hand), else detached (double fork + setsid) and owned by
 * this process's pid. NULL after a warning (nothing left behind), also
 * when a signal arrived on sp (sp->interrupted; sp NULL: none watched) */
struct workerpool *workerpool_create(const struct pyinterp *py, unsigned n, int private_pool,
				     struct selfpipe *sp);
/* the pool in dir (made by another process); NULL after a warning */
struct workerpool *workerpool_open(const char *dir);
/* kill every worker, remove the directory, free p */
void workerpool_stop(struct workerpool *p);
/* free p, leaving the pool as it is */
void workerpool_free(struct workerpool *p);

/* one worker taken for one self-test: locked, connected, hello read */
struct worker {
	struct workerpool *pool;
	unsigned k;
	int lock, fd;
	pid_t pid;                    /* the worker's, from its hello */
	char *python, *version;       /* its hello's */
	char *pytest;                 /* its hello's, NULL: no pytest */
	char in[8192];                /* what it sent and was not a line yet */
	size_t in_len;
};

/* take a free worker (waiting for one), connect and read its hello; a
 * dead or wedged worker is killed and started again. 0, -1 after a
 * warning, 1 when a signal arrived on sp */
int workerpool_take(struct workerpool *p, struct worker *w, struct selfpipe *sp);
/* disconnect and unlock (a worker still running a child kills it) */
void workerpool_release(struct worker *w);
/* kill worker w (its child with it): it failed its protocol */
void workerpool_kill(struct worker *w);
/* read what the worker sent: 0, 1 at its end of file, -1 on an error */
int worker_fill(struct worker *w);
/* the next complete line it sent (malloc'd, without the newline), or NULL */
char *worker_line(struct worker *w);

/* what one self-test's child did */
struct worker_result {
	pid_t child;                  /* its pid, 0 when the worker sent none */
	int exit_code;                /* exit status, -N: killed by signal N */
	int timed_out;                /* killed for the timeout (the worker's or the backstop's) */
	int interrupted;              /* the signal that stopped the wait, or 0 */
	double duration_s;            /* request sent to end reply */
	char tail[ISOLATION_TAIL + 1];/* the last output bytes, NUL-terminated */
	size_t tail_len;
};

/* seconds past the request's timeout before the client kills the worker */
#define WORKER_BACKSTOP 5.0

/* send request (one JSON line, no newline) with a new pipe as the child's
 * output, collect the output's tail and the replies until the child ended
 * and the pipe closed; timeout_s is the request's timeout. 0 (res filled,
 * also when interrupted or the backstop fired), or -1 after a warning */
int worker_run(struct worker *w, const char *request, double timeout_s, struct selfpipe *sp,
	       struct worker_result *res);

#endif
