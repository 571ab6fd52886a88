/* selfpipe.h: SIGINT, SIGTERM, SIGHUP and SIGCHLD turned into bytes on a
 * pipe, so one poll() loop waits for children, their output and the
 * signals alike (the running commands in proc.c, a self-test's child in
 * rules/isolation.c). The pipe is made once per process, non-blocking and
 * close-on-exec, and kept. */
#ifndef MENACE_SELFPIPE_H
#define MENACE_SELFPIPE_H

#include <signal.h>

struct selfpipe {
	struct sigaction old_int, old_term, old_hup, old_chld;
	int hup;             /* SIGHUP is handled */
	int interrupted;     /* the first SIGINT/SIGTERM/SIGHUP read, or 0 */
};

/* install the handlers, keeping the old ones in sp (zeroed first). SIGHUP
 * is handled only when it is not ignored (as under nohup), unless
 * ignored_hup is set */
void selfpipe_start(struct selfpipe *sp, int ignored_hup);
/* put back the handlers selfpipe_start replaced */
void selfpipe_stop(struct selfpipe *sp);
/* the pipe's read end, to poll for POLLIN */
int selfpipe_fd(void);
/* read every byte waiting, without blocking; sp->interrupted */
int selfpipe_drain(struct selfpipe *sp);

#endif
