/* build.h: bringing targets up to date: the plan (the instances the
 * targets need), the ready queue fed by per-instance counts of unfinished
 * inputs (ninja/samurai), -j slots and pools, early cutoff, and the
 * results written to the state in batches. The code: build.c and the
 * files engine/builddef.h names. */
#ifndef MENACE_BUILD_H
#define MENACE_BUILD_H

#include <stdio.h>

#include "base/buf.h"
#include "engine/workspace.h"

struct remote_opts;
struct report_sink;

struct build_opts {
	int jobs;               /* -j: parallel commands */
	int jobs_explicit;      /* -j or MENACE_JOBS gave jobs: it caps a make jobserver's */
	int serve_jobserver;    /* --jobserver: without a make's, serve -j's slots to the commands */
	int keep_going;         /* -k: stop after this many failures; 0: never */
	int dry_run;            /* -n, status, explain: run nothing, write nothing */
	int explain;            /* --explain: print why each rule runs */
	int no_cache;           /* --no-cache: never restore outputs from the cache */
	int probe;              /* with dry_run: no check of sources up front (build_expand) */
	int quiet;              /* -q */
	int silent;             /* nothing at all on stderr, errors included (a pass
	                         * over what another has reported: graph's stale marks) */
	int verbose;            /* -v: print each command as it starts */
	int list;               /* dry run: print on stdout per rule that would run
	                         * (REPORT_LIST_REASONS, REPORT_LIST_COMMANDS) */
	int stale_fails;        /* status: exit 1 when something would run */
	unsigned char *stale;   /* dry run: when set (nstale bytes), 1 per instance that
	                         * is not up to date: would run, or cannot be checked
	                         * (graph_export's stale marks) */
	size_t nstale;
	FILE *json;             /* JSON Lines events, or NULL */
	const struct report_sink *sink;   /* told of every rule's end, or NULL (report.h) */
	const char *command;    /* for the build log */
	const char *exe;        /* this executable, which runs the use: actions */
	int executor;           /* --executor: enum edge_exec (EXEC_DEFAULT: not given) */
	struct edge *why_edge;  /* explain: collect every reason of this instance */
	struct buf *why;        /*   ... here; why_state: 0 up to date, 1 stale, 2 not reached */
	int why_state;
	const struct remote_opts *remote;   /* the remote cache (remote.h), or NULL */
};

/* the default -j: cores + 2 (the command line reads MENACE_JOBS, checked
 * as -j is) */
int build_default_jobs(void);
/* the argv of a use: instance: self, ACTION, then "--KEY=VALUE" per with:
 * entry (one per element of a list; numbers as written; '_' in KEY
 * becomes '-'); malloc'd, NULL-terminated */
char **build_action_argv(const struct edge *e, const char *self);
/* a silent dry run over the whole graph: expands every foreach rule whose
 * list is up to date, so its instances can be shown or named as targets
 * (graph, explain, build with targets); 0 at once when there is no
 * foreach rule, else the exit status of the dry run */
int build_expand(struct workspace *ws);
/* the command line e runs: its run: command, or its use: action's argv
 * (build_action_argv) quoted for /bin/sh; for a foreach rule not yet
 * expanded, "# NAME: its commands are known once its list is built";
 * malloc'd */
char *build_command_line(const struct edge *e, const char *self);
/* bring targets up to date; returns the exit status (docs/build.md, "Exit status") */
int build_run(struct workspace *ws, struct edge **targets, size_t ntargets, struct build_opts *o);

#endif
