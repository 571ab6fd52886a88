/* jobserver.h: a client of GNU make's jobserver. When MAKEFLAGS carries
 * one (make -jN running menace in a recipe), each command menace runs
 * beyond its first needs a token read from it, given back when the command
 * ends, so make and menace together run at most N commands. Both forms
 * make passes: "--jobserver-auth=fifo:PATH" (make 4.4) and the fd pair
 * "--jobserver-auth=R,W" ("--jobserver-fds=R,W" before make 4.2). */
#ifndef MENACE_JOBSERVER_H
#define MENACE_JOBSERVER_H

#include <stddef.h>

struct jobserver;

/* the most commands menace runs at once under a jobserver without -j */
#define JOBSERVER_MAX 1024

/* the jobserver MAKEFLAGS names, or NULL: none, or one that cannot be used
 * (its fds closed because the recipe lacked '+' or $(MAKE): a warning,
 * and menace keeps to its own -j) */
struct jobserver *jobserver_open(void);
/* the fd that becomes readable when a token may be there (for poll) */
int jobserver_fd(const struct jobserver *js);
/* take a token without waiting: 1 taken, 0 none there now */
int jobserver_take(struct jobserver *js);
/* give one token back */
void jobserver_give(struct jobserver *js);
/* the tokens held */
size_t jobserver_held(const struct jobserver *js);
/* give back every token held and close */
void jobserver_close(struct jobserver *js);

#endif
