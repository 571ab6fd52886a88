/* executor.h: where a ready command runs. The scheduler (build.c) alone
 * decides what runs and when, computes keys, hashes outputs (always here,
 * after the command ended) and writes the state; an executor only starts a
 * command and says how it ended. local: a child of menace (proc.h). slurm:
 * the child is `srun ... COMMAND`, the command a job on a cluster sharing
 * the workspace's filesystem (exec_slurm.c, docs/slurm.md); everything
 * proc.h does (pipes, timeouts, signals, the watchdog) applies to srun, and
 * the job is cancelled when srun is killed. */
#ifndef MENACE_EXECUTOR_H
#define MENACE_EXECUTOR_H

#include "base/buf.h"
#include "engine/proc.h"
#include "engine/service.h"
#include "graph/graph.h"

struct executor;

/* cli: the command line's choice (enum edge_exec; EXEC_DEFAULT: none);
 * statedir: where job output files go; svc: whose variables stay here */
struct executor *executor_new(int cli, const char *statedir, const struct services *svc);
/* cancel what is left in flight, free */
void executor_free(struct executor *x);
/* e's executor as written (the rule's, else the command line's, else g's,
 * else local): enum edge_exec, never EXEC_DEFAULT */
int executor_wanted(const struct executor *x, const struct graph *g, const struct edge *e);
/* 1 when e runs as a Slurm job (after executor_check decided auto) */
int executor_slurm(struct executor *x, const struct graph *g, const struct edge *e);
/* before anything runs, when some wanted edge asks for slurm or auto: the
 * controller must answer (scontrol ping); auto falls back to local after a
 * warning. 0, or -1 after "the Slurm controller does not answer" */
int executor_check(struct executor *x, const struct graph *g, const unsigned char *want);
/* start e's argv (timeout in seconds, 0 none) where it runs; NULL after a
 * warning */
struct proc *executor_start(struct executor *x, struct jobs *j, const struct graph *g, const struct edge *e,
                            char *const argv[], double timeout, void *data);
/* p ended (it was started by executor_start): a job's output is read back
 * into p->out, a job whose srun was killed is cancelled; the reason Slurm
 * gives when it ended the job itself ("Slurm job 12 TIMEOUT: ..."), or NULL
 * when p's exit status says it all (malloc'd) */
char *executor_end(struct executor *x, struct proc *p);

/* exec_slurm.c, for executor.c: one Slurm job per command */
struct slurm;
struct slurm *slurm_new(const char *statedir);
void slurm_free(struct slurm *s);
/* the controller answers: 0, or -1 with the reason in why */
int slurm_ping(struct slurm *s, struct buf *why);
struct proc *slurm_start(struct slurm *s, struct jobs *j, const struct edge *e, char *const argv[],
                         char *const envp[], double timeout, void *data);
/* -1: p is not a job of s; else as executor_end, *fault set */
int slurm_end(struct slurm *s, struct proc *p, char **fault);

#endif
