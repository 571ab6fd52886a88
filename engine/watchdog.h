/* watchdog.h: the commands die with menace, however menace ends. A
 * watchdog process, forked before the first command starts, in its own
 * process group and ignoring terminal signals, learns through a socket
 * each process group menace starts and reaps. When the socket closes
 * (menace exited, or was killed, even by SIGKILL) it kills the groups still
 * listed with SIGKILL, waits until none of their processes runs (at most
 * 2 s), and exits. It inherits the workspace lock (lock.h) and holds it
 * meanwhile, so the next build starts only after every command of the
 * killed one is gone. The commands themselves get PR_SET_PDEATHSIG (proc.c)
 * in case the watchdog is gone too. After each read it sleeps 10 ms so that
 * messages gather: waking it twice per command cost menace's own process
 * half its CPU time in a build of many short commands. */
#ifndef MENACE_WATCHDOG_H
#define MENACE_WATCHDOG_H

#include <sys/types.h>

struct watchdog;

/* fork the watchdog; NULL after a warning (commands then only have
 * PR_SET_PDEATHSIG) */
struct watchdog *watchdog_start(void);
/* pgid started; its processes are killed if menace dies. One send(): safe
 * in a vforked child, which tells it before exec so that nothing the
 * command starts escapes (w may be NULL) */
void watchdog_add(struct watchdog *w, pid_t pgid);
/* pgid's leader was reaped: forget it */
void watchdog_remove(struct watchdog *w, pid_t pgid);
/* close the socket and reap the watchdog (it kills what is still listed) */
void watchdog_stop(struct watchdog *w);

#endif
