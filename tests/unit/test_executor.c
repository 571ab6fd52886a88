/* unit tests of the executors (engine/executor.h) against stand-ins for
 * Slurm's commands (srun, scontrol, scancel: shell scripts first in PATH,
 * each logging its arguments): which executor a rule gets (its own, the
 * command line's, the manifest's, local); the check before a build (a
 * missing srun is an error for slurm, a warning and local for auto); the
 * srun command line a rule's resources make; the job's output read back;
 * Slurm's reason for a job it ended; a killed srun's job cancelled. The
 * real cluster is the shell tests' (1400-1499). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/util.h"
#include "engine/executor.h"
#include "engine/proc.h"
#include "graph/graph.h"
#include "unit.h"

static char tmpdir[] = "/tmp/menace-unit.XXXXXX";

static void script(const char *name, const char *text)
{
	char *path = xasprintf("%s/bin/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	CHECK(f);
	fputs(text, f);
	fclose(f);
	CHECK(chmod(path, 0755) == 0);
	free(path);
}

static void put(const char *path, const char *text)
{
	CHECK(write_file_atomic(path, text, strlen(text)) == 0);
}

/* srun logs its arguments, says its job id, runs the command with its
 * output to the --output file, and exits with the command's status;
 * scontrol answers ping and show job from the file state.txt */
static void fake_slurm(void)
{
	char *bin = xasprintf("%s/bin", tmpdir);

	mkdir(bin, 0755);
	script("srun", "#!/bin/sh\nprintf '%s\\n' \"$@\" >srun.args\n"
	               "echo 'srun: jobid 77: nodes(1):`n1'\"'\"', cpu counts: 1(x1)' >&2\n"
	               "out=; while :; do case $1 in --output=*) out=${1#--output=}; shift ;; -*) shift ;; *) break ;; esac; done\n"
	               "[ -f slow ] && { echo 'srun: job 77 queued and waiting for resources' >&2; exec sleep 60; }\n"
	               "\"$@\" >\"$out\" 2>&1; rc=$?\n"
	               "[ -f limit ] && echo 'slurmstepd: error: *** STEP 77.0 ON n1 CANCELLED AT 2026-01-01 DUE TO TIME LIMIT ***' >&2\n"
	               "exit $rc\n");
	script("scontrol", "#!/bin/sh\n[ \"$1\" = ping ] && { echo 'Slurmctld(primary) at n0 is UP'; exit 0; }\n"
	                   "cat state.txt\n");
	script("scancel", "#!/bin/sh\necho \"$@\" >>scancel.args\n");
	free(bin);
	bin = xasprintf("%s/bin:/usr/bin:/bin", tmpdir);
	setenv("PATH", bin, 1);
	free(bin);
}

static void test_wanted(void)
{
	struct graph g;
	struct edge e;
	struct executor *x = executor_new(EXEC_DEFAULT, ".menace", NULL);

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	CHECK_INT(executor_wanted(x, &g, &e), EXEC_LOCAL);
	g.executor = EXEC_AUTO;
	CHECK_INT(executor_wanted(x, &g, &e), EXEC_AUTO);
	executor_free(x);
	x = executor_new(EXEC_SLURM, ".menace", NULL);
	CHECK_INT(executor_wanted(x, &g, &e), EXEC_SLURM);
	e.executor = EXEC_LOCAL;
	CHECK_INT(executor_wanted(x, &g, &e), EXEC_LOCAL);
	CHECK(!executor_slurm(x, &g, &e));
	executor_free(x);
	CHECK_INT(graph_executor("slurm"), EXEC_SLURM);
	CHECK_INT(graph_executor("default"), -1);
	CHECK_STR(graph_executor_name(EXEC_AUTO), "auto");
}

static void test_check_no_srun(void)
{
	char *path = xstrdup(getenv("PATH"));
	struct graph g;
	struct edge e, *ev[1] = {&e};
	unsigned char want[1] = {1};
	struct executor *x = executor_new(EXEC_AUTO, ".menace", NULL);

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	g.edges = ev;
	g.nedges = 1;
	setenv("PATH", "/nonexistent", 1);
	CHECK_INT(executor_check(x, &g, want), 0);
	CHECK(!executor_slurm(x, &g, &e));
	executor_free(x);
	x = executor_new(EXEC_SLURM, ".menace", NULL);
	CHECK_INT(executor_check(x, &g, want), -1);
	executor_free(x);
	setenv("PATH", path, 1);
	free(path);
}

/* e's command through the fake srun: the ended proc, fault in *fault */
static struct proc *run_one(struct executor *x, struct graph *g, struct edge *e, const char *cmd, char **fault)
{
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	struct jobs *j = jobs_new();
	struct proc *p = executor_start(x, j, g, e, argv, 0, NULL), *done = NULL;

	CHECK(p);
	CHECK_INT(jobs_wait(j, &done), 1);
	CHECK(done == p);
	*fault = executor_end(x, p);
	jobs_free(j);
	return p;
}

static void test_srun(void)
{
	struct graph g;
	struct edge e;
	struct executor *x;
	struct proc *p;
	char *fault, *args;
	size_t len;

	fake_slurm();
	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	e.name = "r[p=1]";
	e.executor = EXEC_SLURM;
	e.res.cpus = 3;
	e.res.mem = 1536LL << 20;
	e.res.time = 61;
	x = executor_new(EXEC_DEFAULT, ".menace", NULL);
	p = run_one(x, &g, &e, "echo out; echo err >&2", &fault);
	CHECK(!fault);
	CHECK(WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0);
	/* the job's output, not srun's -v lines */
	CHECK_STR(p->out.s, "out\nerr\n");
	proc_free(p);
	args = read_file("srun.args", &len);
	CHECK_HAS(args, "-v\n--job-name=menace:r[p=1]\n--chdir=");
	CHECK_HAS(args, "\n--export=ALL\n--ntasks=1\n--output=");
	CHECK_HAS(args, "/.menace/slurm/");
	CHECK_HAS(args, "\n--cpus-per-task=3\n--mem=1536M\n--time=2\n/bin/sh\n-c\necho out; echo err >&2\n");
	free(args);
	/* Slurm ended it: its reason; the exit status otherwise */
	put("state.txt", "JobId=77 JobName=x JobState=TIMEOUT Reason=TimeLimit TimeLimit=00:02:00\n");
	put("limit", "");
	p = run_one(x, &g, &e, "exit 9", &fault);
	CHECK_STR(fault, "Slurm job 77 TIMEOUT: reached its time limit of 00:02:00");
	CHECK_HAS(p->out.s, "DUE TO TIME LIMIT");
	free(fault);
	proc_free(p);
	unlink("limit");
	put("state.txt", "JobId=77 JobState=FAILED Reason=NonZeroExitCode\n");
	p = run_one(x, &g, &e, "echo x; exit 3", &fault);
	CHECK(!fault);
	CHECK(WIFEXITED(p->status) && WEXITSTATUS(p->status) == 3);
	CHECK_STR(p->out.s, "x\n");
	proc_free(p);
	executor_free(x);
}

/* a job's output shows on this machine only some time after srun ended
 * (NFS): it is waited for */
static void test_late_output(void)
{
	struct graph g;
	struct edge e;
	struct node n, *outs[1] = {&n};
	struct executor *x = executor_new(EXEC_SLURM, ".menace", NULL);
	struct proc *p;
	struct stat st;
	char *fault;

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	memset(&n, 0, sizeof(n));
	n.path = "late.txt";
	e.name = "late";
	e.out = outs;
	e.nout = 1;
	unlink("late.txt");
	p = run_one(x, &g, &e, "(sleep 0.5; echo x >late.tmp; mv late.tmp late.txt) >/dev/null 2>&1 &", &fault);
	CHECK(!fault);
	CHECK(stat("late.txt", &st) == 0);
	proc_free(p);
	executor_free(x);
}

/* a srun killed while its job waits in the queue: the job is cancelled */
static void test_cancel(void)
{
	char *argv[] = {"/bin/sh", "-c", "true", NULL}, *fault, *args;
	struct graph g;
	struct edge e;
	struct executor *x = executor_new(EXEC_SLURM, ".menace", NULL);
	struct jobs *j = jobs_new();
	struct proc *p, *done = NULL;
	size_t len;
	int i;

	memset(&g, 0, sizeof(g));
	memset(&e, 0, sizeof(e));
	e.name = "q";
	unlink("scancel.args");
	put("slow", "");
	p = executor_start(x, j, &g, &e, argv, 0, NULL);
	CHECK(p);
	/* until srun said its job id */
	for (i = 0; i < 500 && !(p->out.s && strstr(p->out.s, "queued")); i++) {
		char chunk[256];
		ssize_t r = read(p->fd, chunk, sizeof(chunk));

		if (r > 0)
			buf_put(&p->out, chunk, (size_t)r);
		else
			usleep(10000);
	}
	jobs_kill_all(j);
	CHECK_INT(jobs_wait(j, &done), 1);
	fault = executor_end(x, done);
	CHECK(!fault);
	args = read_file("scancel.args", &len);
	CHECK_STR(args, "77\n");
	free(args);
	proc_free(done);
	jobs_free(j);
	executor_free(x);
	unlink("slow");
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0) {
		perror("tmpdir");
		return 1;
	}
	RUN(test_wanted);
	RUN(test_check_no_srun);
	RUN(test_srun);
	RUN(test_late_output);
	RUN(test_cancel);
	if (!unit_failed && unit_remove_dir(tmpdir) < 0)
		unit_failed++;
	return unit_failed != 0;
}
