/* service.h: the build-long services of actions (graph/action.h, struct
 * action_service) as the builder uses them: each action's tools text,
 * asked once per process and folded into the keys of its edges (a `tool`
 * line, engine/key.h), and its service started before the first of its
 * commands and stopped when the build ends. The service's environment is
 * set in this process, so every command started afterwards inherits it;
 * stop removes it again. */
#ifndef MENACE_SERVICE_H
#define MENACE_SERVICE_H

#include "graph/action.h"

struct services;

/* the services of the actions of t (NULL: none) */
struct services *services_new(const struct actions *t);
void services_free(struct services *s);
/* the tools text of the action called name: NULL when it has none; "-"
 * when asking failed (after a warning, once) */
const char *services_tools(struct services *s, const char *name);
/* start the service of the action called name unless it is started (or
 * failed to start) already; jobs: the build's job slots */
void services_start(struct services *s, const char *name, unsigned jobs);
/* 1 when the variable of entry ("NAME=VALUE" or "NAME") is one a started
 * service set: a job on another machine must not get it (docs/slurm.md) */
int services_env_has(const struct services *s, const char *entry);
/* stop every started service and take its environment back */
void services_stop(struct services *s);

#endif
