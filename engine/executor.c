/* executor.c: which executor an instance runs on, and the dispatch to
 * proc.h or exec_slurm.c (executor.h). */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "engine/executor.h"

extern char **environ;

struct executor {
	int cli;                /* enum edge_exec */
	int checked;            /* 1 slurm answers, -1 it does not (auto runs here) */
	char *statedir;
	const struct services *svc;
	struct slurm *slurm;    /* once a job was started */
};

struct executor *executor_new(int cli, const char *statedir, const struct services *svc)
{
	struct executor *x = xcalloc(1, sizeof(*x));

	x->cli = cli;
	x->statedir = xstrdup(statedir);
	x->svc = svc;
	return x;
}

void executor_free(struct executor *x)
{
	if (!x)
		return;
	slurm_free(x->slurm);
	free(x->statedir);
	free(x);
}

int executor_wanted(const struct executor *x, const struct graph *g, const struct edge *e)
{
	if (e->executor != EXEC_DEFAULT)
		return e->executor;
	if (x->cli != EXEC_DEFAULT)
		return x->cli;
	if (g->executor != EXEC_DEFAULT)
		return g->executor;
	return EXEC_LOCAL;
}

static struct slurm *slurm_of(struct executor *x)
{
	if (!x->slurm)
		x->slurm = slurm_new(x->statedir);
	return x->slurm;
}

int executor_slurm(struct executor *x, const struct graph *g, const struct edge *e)
{
	int k = executor_wanted(x, g, e);

	return k == EXEC_SLURM || (k == EXEC_AUTO && x->checked == 1);
}

int executor_check(struct executor *x, const struct graph *g, const unsigned char *want)
{
	struct buf why = BUF_INIT;
	int need = 0, rc = 0;
	size_t i;

	for (i = 0; i < g->nedges; i++) {
		int k;

		if (!want[i])
			continue;
		k = executor_wanted(x, g, g->edges[i]);
		if (k == EXEC_SLURM)
			need = 2;
		else if (k == EXEC_AUTO && !need)
			need = 1;
	}
	if (!need)
		return 0;
	if (slurm_ping(slurm_of(x), &why) == 0) {
		x->checked = 1;
	} else if (need == 2) {
		rc = error("the Slurm controller does not answer (%s); nothing was submitted", why.s ? why.s : "");
	} else {
		x->checked = -1;
		warn("warning: the Slurm controller does not answer (%s); executor auto runs the rules here",
		     why.s ? why.s : "");
	}
	buf_free(&why);
	return rc;
}

/* environ without the variables of started services (a pool of this
 * machine means nothing to a job elsewhere) */
static char **job_env(const struct executor *x)
{
	size_t n = 0, i, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 1, sizeof(env[0]));
	for (i = 0; i < n; i++)
		if (!services_env_has(x->svc, environ[i]))
			env[k++] = environ[i];
	return env;
}

struct proc *executor_start(struct executor *x, struct jobs *j, const struct graph *g, const struct edge *e,
                            char *const argv[], double timeout, void *data)
{
	struct proc *p;
	char **env;

	if (!executor_slurm(x, g, e))
		return jobs_start(j, argv, timeout, data);
	env = job_env(x);
	p = slurm_start(slurm_of(x), j, e, argv, env, timeout, data);
	free(env);
	return p;
}

char *executor_end(struct executor *x, struct proc *p)
{
	char *fault = NULL;

	if (x->slurm)
		slurm_end(x->slurm, p, &fault);
	return fault;
}
