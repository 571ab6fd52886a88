/* jobserver.h: GNU make's jobserver. As a client: when MAKEFLAGS carries
 * one (make -jN running menace in a recipe), each command menace runs
 * beyond its first needs a token read from it, given back when the command
 * ends, so make and menace together run at most N commands. Both forms
 * make passes: "--jobserver-auth=fifo:PATH" (make 4.4) and the fd pair
 * "--jobserver-auth=R,W" ("--jobserver-fds=R,W" before make 4.2). As a
 * server (build --jobserver): a pipe holding N-1 tokens, named to the
 * commands in MAKEFLAGS by the fd pair (the form every make since 3.78 and
 * other clients read), which menace then uses as a client does, so its
 * commands and the makes among them share its N slots. */
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
/* serve a jobserver of jobs slots: a pipe with jobs - 1 tokens, its fds
 * left open across exec, and MAKEFLAGS set to MAKEFLAGS' words (if any)
 * and " -jJOBS --jobserver-auth=R,W" until jobserver_close restores it;
 * NULL after a warning (menace keeps to its -j) */
struct jobserver *jobserver_serve(size_t jobs);
/* the fd that becomes readable when a token may be there (for poll) */
int jobserver_fd(const struct jobserver *js);
/* take a token without waiting: 1 taken, 0 none there now */
int jobserver_take(struct jobserver *js);
/* give one token back */
void jobserver_give(struct jobserver *js);
/* the tokens held */
size_t jobserver_held(const struct jobserver *js);
/* give back every token held and close (a served one: MAKEFLAGS as it was) */
void jobserver_close(struct jobserver *js);

#endif
