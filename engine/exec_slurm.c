/* exec_slurm.c: a command as a Slurm job (executor.h, docs/slurm.md).
 *
 * Each command is `srun -v --job-name=menace:INSTANCE --chdir=CWD
 * --export=ALL --ntasks=1 --output=STATEDIR/slurm/PID-N.out
 * [--cpus-per-task --mem --time] ARGV...`, started by proc.h like a local
 * command: srun waits for the job (queued, then running) and exits with its
 * exit status, so -j, pools, timeouts and signals work unchanged. srun
 * rather than `sbatch --wait`: sbatch polls the controller for the end
 * (every few seconds), srun is told at once, and a long step costs srun
 * nothing but an idle process.
 *
 * The job's stdout and stderr go to the output file (on the shared
 * filesystem), read back into the proc's output when srun ends; srun's own
 * lines (-v, on the pipe) name the job id, and only its error lines are
 * kept. A srun killed by menace (timeout, interrupt) is followed by
 * `scancel ID`: a killed srun ends a running job, but not a queued one.
 * When srun fails, `scontrol show job ID` says whether Slurm ended the job
 * (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, CANCELLED, ...): that is
 * the rule's failure. When it succeeds, the outputs are waited for until
 * this machine's view of the filesystem shows them; the builder hashes
 * them then, as after a local command. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/executor.h"

extern char **environ;

/* how long scontrol and scancel may take (a dead controller's host makes
 * them retry) */
#define TOOL_TIMEOUT_MS 20000
/* how long a successful job's outputs may take to show on this machine's
 * view of the shared filesystem (NFS caches attributes and lookups) */
#define OUTPUTS_WAIT_NS 10000000000LL

struct sjob {
	struct proc *p;
	const struct edge *e;
	char *out;        /* the job's output file */
	char *name;       /* its job name */
};

struct slurm {
	char *dir;        /* STATEDIR/slurm, absolute */
	char *cwd;
	struct sjob *v;
	size_t n, cap;
	unsigned seq;
};

/* name found in PATH, or NULL */
static char *find_tool(const char *name)
{
	const char *path = getenv("PATH"), *p, *q;

	for (p = path ? path : "/usr/bin:/bin"; *p; p = *q ? q + 1 : q) {
		char *full;

		q = strchr(p, ':');
		if (!q)
			q = p + strlen(p);
		full = xasprintf("%.*s/%s", (int)(q - p), p, name);
		if (q > p && access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

/* run argv (argv[0] looked up in PATH) with stdout and stderr into out,
 * at most TOOL_TIMEOUT_MS; its wait status, or -1 (not started, or killed
 * for the time limit, said in out) */
static int run_tool(char *const argv[], struct buf *out)
{
	posix_spawn_file_actions_t fa;
	int fds[2], st = -1, waited = 0;
	long long end = now_ns() + (long long)TOOL_TIMEOUT_MS * 1000000;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fds[0]);
		close(fds[1]);
		buf_printf(out, "cannot run '%s'", argv[0]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	for (;;) {
		struct pollfd pf = {fds[0], POLLIN, 0};
		long long left = (end - now_ns()) / 1000000;
		char chunk[4096];
		ssize_t r;

		if (left <= 0) {
			kill(pid, SIGKILL);
			buf_printf(out, "\n'%s' did not finish within %d s", argv[0], TOOL_TIMEOUT_MS / 1000);
			waited = -1;
			break;
		}
		if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
			break;
		r = read(fds[0], chunk, sizeof(chunk));
		if (r > 0)
			buf_put(out, chunk, (size_t)r);
		else if (r == 0 || (errno != EINTR && errno != EAGAIN))
			break;
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return waited < 0 ? -1 : st;
}

struct slurm *slurm_new(const char *statedir)
{
	struct slurm *s = xcalloc(1, sizeof(*s));
	char cwd[4096];

	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	s->cwd = xstrdup(cwd);
	s->dir = statedir[0] == '/' ? path_join(statedir, "slurm") : xasprintf("%s/%s/slurm", cwd, statedir);
	path_clean(s->dir);
	return s;
}

/* the first line of text, at most 200 bytes */
static void first_line(struct buf *to, const char *text)
{
	size_t n = text ? strcspn(text, "\n") : 0;

	while (n && text[n - 1] == '\r')
		n--;
	buf_put(to, text ? text : "", n > 200 ? 200 : n);
}

int slurm_ping(struct slurm *s, struct buf *why)
{
	char *argv[] = {"scontrol", "ping", NULL};
	struct buf out = BUF_INIT;
	char *srun = find_tool("srun");
	int st;

	(void)s;
	if (!srun) {
		buf_puts(why, "srun is not in PATH");
		return -1;
	}
	free(srun);
	st = run_tool(argv, &out);
	if (st == 0 && out.s && strstr(out.s, " is UP")) {
		buf_free(&out);
		return 0;
	}
	buf_puts(why, "scontrol ping: ");
	/* "Slurmctld(primary) at HOST is DOWN", or the first error */
	first_line(why, out.s && out.s[0] ? out.s : "no output");
	buf_free(&out);
	return -1;
}

/* srun's argv for e's argv: the options, then argv */
static char **srun_argv(struct slurm *s, const struct edge *e, char *const argv[], const char *srun,
                        const char *out)
{
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	char *name = xasprintf("menace:%s", e->name), *p;
	double t = e->res.time > 0 ? e->res.time : e->timeout;

	for (p = name; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n')
			*p = '_';
	growarray(&v, &cap, 12, sizeof(v[0]));
	v[n++] = xstrdup(srun);
	v[n++] = xstrdup("-v");
	v[n++] = xasprintf("--job-name=%s", name);
	v[n++] = xasprintf("--chdir=%s", s->cwd);
	v[n++] = xstrdup("--export=ALL");
	v[n++] = xstrdup("--ntasks=1");
	v[n++] = xasprintf("--output=%s", out);
	v[n++] = xstrdup("--open-mode=truncate");
	if (e->res.cpus > 0)
		v[n++] = xasprintf("--cpus-per-task=%d", e->res.cpus);
	if (e->res.mem > 0)
		v[n++] = xasprintf("--mem=%lldM", (e->res.mem + (1 << 20) - 1) >> 20);
	/* Slurm counts whole minutes */
	if (t > 0)
		v[n++] = xasprintf("--time=%lld", (long long)((t + 59.999) / 60));
	for (i = 0; argv[i]; i++) {
		growarray(&v, &cap, n + 2, sizeof(v[0]));
		v[n++] = xstrdup(argv[i]);
	}
	v[n] = NULL;
	free(name);
	return v;
}

struct proc *slurm_start(struct slurm *s, struct jobs *j, const struct edge *e, char *const argv[],
                         char *const envp[], double timeout, void *data)
{
	char *srun = find_tool("srun"), *out, **v;
	struct proc *p;
	struct sjob *sj;
	size_t i;

	if (!srun) {
		warn("cannot run '%s' on Slurm: srun is not in PATH", e->name);
		return NULL;
	}
	if (mkdir_p(s->dir) < 0) {
		warn("cannot create '%s':", s->dir);
		free(srun);
		return NULL;
	}
	out = xasprintf("%s/%ld-%u.out", s->dir, (long)getpid(), ++s->seq);
	v = srun_argv(s, e, argv, srun, out);
	p = jobs_start_env(j, v, envp, timeout, data);
	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
	free(srun);
	if (!p) {
		free(out);
		return NULL;
	}
	growarray(&s->v, &s->cap, s->n + 1, sizeof(s->v[0]));
	sj = &s->v[s->n++];
	sj->p = p;
	sj->e = e;
	sj->out = out;
	sj->name = xasprintf("menace:%s", e->name);
	return p;
}

/* the job id srun -v named ("srun: jobid 12: ...", "srun: job 12 queued
 * ..."), or 0 */
static long job_id(const char *text)
{
	const char *keys[] = {"srun: jobid ", "srun: job "};
	size_t k;

	for (k = 0; text && k < 2; k++) {
		const char *p = strstr(text, keys[k]);

		if (p) {
			long id = strtol(p + strlen(keys[k]), NULL, 10);

			if (id > 0)
				return id;
		}
	}
	return 0;
}

static void cancel(const struct sjob *sj, long id)
{
	struct buf out = BUF_INIT;
	char num[32], byname[1100];
	char *argv[] = {"scancel", num, NULL};
	char *argn[] = {"scancel", byname, NULL};

	snprintf(num, sizeof(num), "%ld", id);
	snprintf(byname, sizeof(byname), "--name=%s", sj->name);
	/* no id yet (srun killed before it was told one): by its name */
	if (run_tool(id ? argv : argn, &out) != 0)
		warn("cannot cancel Slurm job %s: %s", id ? num : sj->name, out.s ? out.s : "");
	buf_free(&out);
}

/* the value of KEY= in scontrol's one-line record, or NULL */
static char *field(const char *rec, const char *key)
{
	size_t kl = strlen(key);
	const char *p;

	for (p = rec; p && (p = strstr(p, key)); p += kl)
		if ((p == rec || p[-1] == ' ') && p[kl] == '=')
			return xstrndup(p + kl + 1, strcspn(p + kl + 1, " \n"));
	return NULL;
}

/* JobState, Reason and TimeLimit of job id once Slurm has settled it (srun
 * may end before the controller records the job's end: asked again for up
 * to SETTLE_NS); 0, or -1 when it cannot be asked */
#define SETTLE_NS 5000000000LL
static int job_state(long id, char **st, char **reason, char **limit)
{
	static const char *const live[] = {"RUNNING", "COMPLETING", "PENDING", "CONFIGURING", "SUSPENDED",
	                                   "STAGE_OUT", "RESIZING", "REQUEUED"};
	long long until = now_ns() + SETTLE_NS;
	char num[32], *argv[] = {"scontrol", "-o", "show", "job", num, NULL};

	snprintf(num, sizeof(num), "%ld", id);
	for (;;) {
		struct buf out = BUF_INIT;
		size_t i;
		int settled = 1;

		if (run_tool(argv, &out) != 0 || !out.s) {
			buf_free(&out);
			return -1;
		}
		*st = field(out.s, "JobState");
		*reason = field(out.s, "Reason");
		*limit = field(out.s, "TimeLimit");
		buf_free(&out);
		for (i = 0; *st && i < sizeof(live) / sizeof(live[0]); i++)
			if (strcmp(*st, live[i]) == 0)
				settled = 0;
		if (settled || now_ns() > until)
			return 0;
		free(*st);
		free(*reason);
		free(*limit);
		usleep(100000);
	}
}

/* why Slurm ended job id, when it did: "Slurm job 12 TIMEOUT: ...", else
 * NULL; from the controller, else from what slurmstepd told srun */
static char *job_fault(long id, const char *srun_out)
{
	static const char *const states[][3] = {
		{"TIMEOUT", "reached its time limit", "DUE TO TIME LIMIT"},
		{"OUT_OF_MEMORY", "ran out of memory", NULL},
		{"NODE_FAIL", "lost its node (node failure)", "srun: error: Node failure"},
		{"PREEMPTED", "was preempted", "DUE TO PREEMPTION"},
		{"CANCELLED", "was cancelled", NULL}, {"DEADLINE", "reached its deadline", NULL},
		{"BOOT_FAIL", "its node failed to boot", NULL},
	};
	char *st = NULL, *reason = NULL, *limit = NULL, *fault = NULL;
	size_t i;

	if (job_state(id, &st, &reason, &limit) < 0)
		st = reason = limit = NULL;
	for (i = 0; !fault && i < sizeof(states) / sizeof(states[0]); i++) {
		int hit = st && strcmp(st, states[i][0]) == 0;

		if (!hit && states[i][2] && srun_out && strstr(srun_out, states[i][2]))
			hit = 1;
		if (!hit)
			continue;
		if (i == 0 && limit)
			fault = xasprintf("Slurm job %ld %s: %s of %s", id, states[i][0], states[i][1], limit);
		else if (reason && strcmp(reason, "None") != 0)
			fault = xasprintf("Slurm job %ld %s: %s (%s)", id, states[i][0], states[i][1], reason);
		else
			fault = xasprintf("Slurm job %ld %s: %s", id, states[i][0], states[i][1]);
	}
	/* without cgroups the memory limit is enforced by polling: the job
	 * ends FAILED, srun says why */
	if (!fault && srun_out && strstr(srun_out, "Exceeded job memory limit"))
		fault = xasprintf("Slurm job %ld OUT_OF_MEMORY: exceeded its memory limit (--mem)", id);
	free(st);
	free(reason);
	free(limit);
	return fault;
}

/* the job's output, then srun's error lines (not its -v chatter, nor the
 * exit code the rule's failure already names) */
static void collect_output(struct proc *p, const char *file)
{
	struct buf b = BUF_INIT;
	size_t len = 0;
	char *text = read_file(file, &len), *line, *save = NULL;

	if (text)
		buf_put(&b, text, len);
	free(text);
	if (p->out.s) {
		for (line = strtok_r(p->out.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (!strstr(line, "error") && !strstr(line, "Exceeded") && !strstr(line, "CANCELLED"))
				continue;
			if (strstr(line, ": Exited with exit code") || strstr(line, ": task 0: Killed"))
				continue;
			if (b.len && b.s[b.len - 1] != '\n')
				buf_putc(&b, '\n');
			buf_puts(&b, line);
			buf_putc(&b, '\n');
		}
	}
	buf_free(&p->out);
	p->out = b;
	if (unlink(file) < 0 && errno != ENOENT)
		warn("cannot remove '%s':", file);
}

/* until every output of e shows (OUTPUTS_WAIT_NS at most): the job wrote
 * them on another machine */
static void wait_outputs(const struct edge *e)
{
	long long until = now_ns() + OUTPUTS_WAIT_NS;
	size_t i = 0;

	while (i < e->nout) {
		struct stat st;

		if (stat(e->out[i]->path, &st) == 0) {
			i++;
			continue;
		}
		if (now_ns() > until)
			return;
		usleep(50000);
	}
}

/* the job's output file holds slurmstepd's banner of a step or job Slurm
 * ended ("*** STEP 12.0 ON node CANCELLED AT ... DUE TO PREEMPTION ***"):
 * a command that catches the SIGTERM may still exit 0, and so srun. The
 * controller's state decides; the banner (which the command could print
 * itself) only says to ask */
static int output_says_ended(const char *file)
{
	size_t len = 0;
	char *text = read_file(file, &len);
	int said = text && strstr(text, "*** ") && strstr(text, " CANCELLED AT ");

	free(text);
	return said;
}

int slurm_end(struct slurm *s, struct proc *p, char **fault)
{
	struct sjob sj;
	size_t i;
	long id;
	int ok, said;

	*fault = NULL;
	for (i = 0; i < s->n && s->v[i].p != p; i++)
		;
	if (i == s->n)
		return -1;
	sj = s->v[i];
	s->v[i] = s->v[--s->n];
	id = job_id(p->out.s);
	ok = WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0;
	/* srun exits 0 after a node failure, saying so */
	said = (p->out.s && strstr(p->out.s, "srun: error:")) || (ok && output_says_ended(sj.out));
	if (WIFSIGNALED(p->status) || p->timed_out)
		cancel(&sj, id);
	else if (id && (!ok || said))
		*fault = job_fault(id, p->out.s);
	if (ok && !*fault)
		wait_outputs(sj.e);
	collect_output(p, sj.out);
	free(sj.out);
	free(sj.name);
	return 0;
}

void slurm_free(struct slurm *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		cancel(&s->v[i], job_id(s->v[i].p->out.s));
		free(s->v[i].out);
		free(s->v[i].name);
	}
	free(s->v);
	free(s->dir);
	free(s->cwd);
	free(s);
}
