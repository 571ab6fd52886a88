/* lock.h: the workspace lock. Every command that writes the workspace
 * (build, clean, gc, cycle) holds an exclusive flock() on
 * STATEDIR/menace.db.lock until it exits; the file holds the
 * holder's pid, for the messages. Read-only commands never take it. The
 * kernel drops a lock whose holder died, so a stale lock is taken over by
 * the next writer. */
#ifndef MENACE_LOCK_H
#define MENACE_LOCK_H

/* take the lock of statedir (which must exist), waiting for another holder
 * after saying so unless no_wait is set (--no-wait); held until exit (a
 * second call is a no-op). 0, or EXIT_STATE after a message */
int workspace_lock(const char *statedir, int no_wait);
/* give the lock up before exit (watch, between its builds); the next
 * workspace_lock takes it afresh */
void workspace_unlock(void);
/* 1 when workspace_lock had to wait for another holder (what was read
 * before it may have changed) */
int workspace_lock_waited(void);

#endif
