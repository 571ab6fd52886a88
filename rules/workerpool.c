/* workerpool.c: the pool of preloaded Python workers (workerpool.h): its
 * directory, starting, taking, repairing and stopping its workers. One
 * self-test's exchange with a worker is in workerrun.c. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/selfpipe.h"
#include "rules/harnesssrc.h"
#include "rules/workerpool.h"

extern char **environ;

static const char worker_src[] =
	"import sys; sys.path.insert(0, sys.argv[1]); from menace_harness import worker; "
	"sys.exit(worker.main(sys.argv[2:]))";

static char *wfile(const struct workerpool *p, unsigned k, const char *ext)
{
	return xasprintf("%s/w%u.%s", p->dir, k, ext);
}

/* sleep ms, or less when a signal arrives on sp: 1 then */
static int nap(struct selfpipe *sp, int ms)
{
	struct pollfd pfd = {sp ? selfpipe_fd() : -1, POLLIN, 0};

	poll(&pfd, 1, ms);
	return sp && selfpipe_drain(sp);
}

/* POOLDIR/py/menace_harness/ from the embedded files; 0, or -1 after a warning */
static int write_harness(const struct workerpool *p)
{
	char *pkg = xasprintf("%s/py/menace_harness", p->dir), *home = path_join(p->dir, "home");
	int rc = 0, init = 0;
	size_t i;

	if (mkdir_p(pkg) < 0 || mkdir(home, 0700) < 0)
		rc = error("cannot create '%s':", pkg);
	for (i = 0; rc == 0 && i < harness_nfiles; i++) {
		char *f = path_join(pkg, harness_files[i].name);

		init |= strcmp(harness_files[i].name, "__init__.py") == 0;
		rc = write_file_atomic(f, harness_files[i].text, harness_files[i].len);
		free(f);
	}
	if (rc == 0 && !init) {
		char *f = path_join(pkg, "__init__.py");

		rc = write_file_atomic(f, "", 0);
		free(f);
	}
	free(pkg);
	free(home);
	return rc;
}

/* POOLDIR/pool: "key value" lines */
static int write_poolfile(const struct workerpool *p)
{
	char *f = path_join(p->dir, "pool");
	struct buf b = BUF_INIT;
	int rc;

	buf_printf(&b, "spec %s\nexe %s\nflags %s\nversion %s\npytest %s\nowner %ld\nworkers %u\n",
		   p->py.spec, p->py.exe, p->py.flags, p->py.version, p->py.pytest ? p->py.pytest : "",
		   p->owner, p->n);
	rc = write_file_atomic(f, b.s, b.len);
	buf_free(&b);
	free(f);
	return rc;
}

static int read_poolfile(struct workerpool *p)
{
	char *f = path_join(p->dir, "pool"), *text, *s, *nl;
	size_t len;

	text = read_file(f, &len);
	free(f);
	if (!text)
		return error("%s=%s: cannot read its 'pool' file:", WORKERPOOL_ENV, p->dir);
	for (s = text; *s; s = nl + 1) {
		char *val;

		if (!(nl = strchr(s, '\n')))
			break;
		*nl = '\0';
		val = strchr(s, ' ');
		val = val ? val + 1 : nl;
		if (strncmp(s, "spec ", 5) == 0)
			p->py.spec = xstrdup(val);
		else if (strncmp(s, "exe ", 4) == 0)
			p->py.exe = xstrdup(val);
		else if (strncmp(s, "flags ", 6) == 0)
			p->py.flags = xstrdup(val);
		else if (strncmp(s, "version ", 8) == 0)
			p->py.version = xstrdup(val);
		else if (strncmp(s, "pytest ", 7) == 0 && *val)
			p->py.pytest = xstrdup(val);
		else if (strncmp(s, "owner ", 6) == 0)
			p->owner = atol(val);
		else if (strncmp(s, "workers ", 8) == 0)
			p->n = (unsigned)atoi(val);
	}
	free(text);
	if (!p->py.spec || !p->py.exe || !p->py.flags || !p->py.version || !p->n || p->n > 4096)
		return error("%s=%s: its 'pool' file is incomplete", WORKERPOOL_ENV, p->dir);
	return 0;
}

/* a worker's process, everything made before the fork */
struct spawn {
	char **argv, **env;
	int null, log, err[2], pidpipe[2];
};

static void push(char ***v, size_t *n, size_t *cap, char *s)
{
	growarray(v, cap, *n + 2, sizeof(char *));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/* the argv and environment of the contract (docs/sandbox.md) */
static void spawn_args(const struct workerpool *p, unsigned k, struct spawn *s)
{
	const char *path = getenv("PATH"), *pp = getenv("PYTHONPATH");
	size_t n = 0, cap = 0, en = 0, ecap = 0;
	char *flags = xstrdup(p->py.flags), *f;

	push(&s->argv, &n, &cap, xstrdup(p->py.exe));
	for (f = strtok(flags, " "); f; f = strtok(NULL, " "))
		push(&s->argv, &n, &cap, xstrdup(f));
	free(flags);
	push(&s->argv, &n, &cap, xstrdup("-c"));
	push(&s->argv, &n, &cap, xstrdup(worker_src));
	push(&s->argv, &n, &cap, xasprintf("%s/py", p->dir));
	push(&s->argv, &n, &cap, xstrdup("--socket"));
	push(&s->argv, &n, &cap, wfile(p, k, "sock"));
	push(&s->argv, &n, &cap, xstrdup("--pidfile"));
	push(&s->argv, &n, &cap, wfile(p, k, "pid"));
	push(&s->argv, &n, &cap, xstrdup("--owner"));
	push(&s->argv, &n, &cap, xasprintf("%ld", p->owner));
	push(&s->env, &en, &ecap, xasprintf("PATH=%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin"));
	push(&s->env, &en, &ecap, xstrdup("LANG=C.UTF-8"));
	push(&s->env, &en, &ecap, xasprintf("HOME=%s/home", p->dir));
	push(&s->env, &en, &ecap, xstrdup("PYTHONHASHSEED=0"));
	push(&s->env, &en, &ecap, xstrdup("PYTHONDONTWRITEBYTECODE=1"));
	push(&s->env, &en, &ecap, xstrdup("PYTHONUNBUFFERED=1"));
	if (pp && *pp)
		push(&s->env, &en, &ecap, xasprintf("PYTHONPATH=%s", pp));
}

static void spawn_free(struct spawn *s)
{
	char **v;

	for (v = s->argv; v && *v; v++)
		free(*v);
	for (v = s->env; v && *v; v++)
		free(*v);
	free(s->argv);
	free(s->env);
	if (s->null >= 0)
		close(s->null);
	if (s->log >= 0)
		close(s->log);
}

/* in the worker's process: fds 0-2, the error pipe as fd 3, nothing else */
static _Noreturn void spawn_exec(struct spawn *s)
{
	int e, fd;

	if (dup2(s->null, 0) < 0 || dup2(s->log, 1) < 0 || dup2(s->log, 2) < 0 ||
	    dup2(s->err[1], 3) < 0)
		goto fail;
	fcntl(3, F_SETFD, FD_CLOEXEC);
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 4, ~0U, 0) < 0)
#endif
		for (fd = 4; fd < 65536; fd++)
			close(fd);
	environ = s->env;
	execv(s->argv[0], s->argv);
fail:
	e = errno;
	if (write(3, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* fork the worker (detached: through a second fork, in its own session);
 * its pid, or -1 after a warning */
static pid_t spawn(struct workerpool *p, unsigned k)
{
	struct spawn s = {NULL, NULL, -1, -1, {-1, -1}, {-1, -1}};
	char *log = wfile(p, k, "log");
	pid_t pid = -1, g = -1;
	int e = 0;
	ssize_t n;

	spawn_args(p, k, &s);
	s.null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	s.log = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (s.null < 0 || s.log < 0 || isolation_pipe(s.err) < 0 || isolation_pipe(s.pidpipe) < 0) {
		error("cannot start a worker in '%s':", p->dir);
		goto done;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setsid();
		if (!p->private_pool) {
			g = fork();
			if (g != 0) {
				if (write(s.pidpipe[1], &g, sizeof(g)) < 0)
					_exit(1);
				_exit(0);
			}
		}
		spawn_exec(&s);
	}
	close(s.err[1]);
	close(s.pidpipe[1]);
	if (pid < 0) {
		error("cannot fork:");
		goto done;
	}
	if (!p->private_pool) {
		waitpid(pid, NULL, 0);
		pid = read(s.pidpipe[0], &g, sizeof(g)) == (ssize_t)sizeof(g) && g > 0 ? g : -1;
	}
	do
		n = read(s.err[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(e) || pid < 0) {
		errno = e;
		pid = -1;
		error("cannot run '%s':", p->py.exe);
	}
done:
	if (s.err[0] >= 0)
		close(s.err[0]);
	if (s.pidpipe[0] >= 0)
		close(s.pidpipe[0]);
	spawn_free(&s);
	free(log);
	return pid;
}

/* the last line of wK.log, for a warning; malloc'd, maybe "" */
static char *log_tail(const struct workerpool *p, unsigned k)
{
	char *f = wfile(p, k, "log"), *text, *end, *start;
	size_t len;

	text = read_file(f, &len);
	free(f);
	if (!text)
		return xstrdup("");
	end = text + len;
	while (end > text && end[-1] == '\n')
		end--;
	*end = '\0';
	start = strrchr(text, '\n');
	start = xstrdup(start ? start + 1 : text);
	free(text);
	return start;
}

static int is_socket(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* until worker k (pid) has its pidfile and socket; 0, -1 after a
 * warning, 1 interrupted */
static int wait_ready(struct workerpool *p, unsigned k, pid_t pid, struct selfpipe *sp)
{
	char *sock = wfile(p, k, "sock"), *pidf = wfile(p, k, "pid");
	long long deadline = now_ns() + (long long)(WORKERPOOL_START_TIMEOUT * 1e9);
	int rc = 0, dead;

	while (!(is_socket(sock) && access(pidf, F_OK) == 0)) {
		dead = p->private_pool ? waitpid(pid, NULL, WNOHANG) == pid : kill(pid, 0) < 0;
		if (dead || now_ns() > deadline) {
			char *why = log_tail(p, k);

			if (!dead)
				kill(pid, SIGKILL);
			if (p->private_pool)
				waitpid(pid, NULL, 0);
			rc = error("the self-test worker %s/w%u did not start%s%s", p->dir, k,
				   *why ? ": " : "", why);
			free(why);
			break;
		}
		if (nap(sp, 5)) {
			rc = 1;
			break;
		}
	}
	free(sock);
	free(pidf);
	return rc;
}

/* the NUL-separated command line cmd[0..len) has an argument naming p */
static int names_pool(const struct workerpool *p, const char *cmd, size_t len)
{
	size_t dl = strlen(p->dir), i;

	for (i = 0; i < len; i += strlen(cmd + i) + 1)
		if (strncmp(cmd + i, p->dir, dl) == 0)
			return 1;
	return 0;
}

/* kill worker k as its pidfile names it (when that pid is one of this
 * pool's workers), and a private pool's child; its files go */
static void kill_worker(struct workerpool *p, unsigned k)
{
	char *pidf = wfile(p, k, "pid"), *sock = wfile(p, k, "sock"), *text, *cmd, *proc;
	size_t len;
	long pid;

	text = read_file(pidf, &len);
	if (text && (pid = atol(text)) > 1) {
		proc = xasprintf("/proc/%ld/cmdline", pid);
		cmd = read_file(proc, &len);
		/* the pid may have been reused: its command line names the pool */
		if (cmd && names_pool(p, cmd, len))
			kill((pid_t)pid, SIGKILL);
		free(cmd);
		free(proc);
	}
	free(text);
	if (p->private_pool && p->pids && p->pids[k] > 0) {
		kill(p->pids[k], SIGKILL);
		waitpid(p->pids[k], NULL, 0);
		p->pids[k] = 0;
	}
	unlink(sock);
	unlink(pidf);
	free(sock);
	free(pidf);
}

/* (re)start worker k and wait until it listens; 0, -1, 1 as wait_ready */
static int start_worker(struct workerpool *p, unsigned k, struct selfpipe *sp)
{
	pid_t pid = spawn(p, k);
	int rc;

	if (pid < 0)
		return -1;
	if (p->private_pool)
		p->pids[k] = pid;
	rc = wait_ready(p, k, pid, sp);
	if (rc != 0 && p->private_pool)
		p->pids[k] = 0;
	return rc;
}

struct workerpool *workerpool_create(const struct pyinterp *py, unsigned n, int private_pool,
				     struct selfpipe *sp)
{
	struct workerpool *p = xcalloc(1, sizeof(*p));
	unsigned k;
	int rc = 0;

	p->n = n ? n : 1;
	p->hello_timeout_s = WORKERPOOL_HELLO_TIMEOUT;
	p->private_pool = private_pool;
	p->owner = (long)getpid();
	p->pids = xcalloc(p->n, sizeof(pid_t));
	p->py.spec = xstrdup(py->spec);
	p->py.exe = xstrdup(py->exe);
	p->py.flags = xstrdup(py->flags);
	p->py.version = xstrdup(py->version);
	p->py.pytest = py->pytest ? xstrdup(py->pytest) : NULL;
	if (!(p->dir = isolation_mkdtemp("menace-pool"))) {
		workerpool_free(p);
		return NULL;
	}
	/* sockaddr_un's path holds 107 bytes */
	if (strlen(p->dir) + sizeof("/w4096.sock") > sizeof(((struct sockaddr_un *)0)->sun_path))
		rc = error("the worker pool '%s' has too long a path for its sockets: "
			   "set TMPDIR to a shorter directory", p->dir);
	if (rc == 0 && (write_harness(p) < 0 || write_poolfile(p) < 0))
		rc = -1;
	/* all start at once, then each is waited for */
	for (k = 0; rc == 0 && k < p->n; k++) {
		pid_t pid = spawn(p, k);

		if (pid < 0)
			rc = -1;
		else
			p->pids[k] = pid;
	}
	for (k = 0; rc == 0 && k < p->n; k++)
		rc = wait_ready(p, k, p->pids[k], sp);
	if (!p->private_pool)
		memset(p->pids, 0, p->n * sizeof(pid_t));
	if (rc != 0) {
		workerpool_stop(p);
		return NULL;
	}
	return p;
}

struct workerpool *workerpool_open(const char *dir)
{
	struct workerpool *p = xcalloc(1, sizeof(*p));

	p->dir = xstrdup(dir);
	p->hello_timeout_s = WORKERPOOL_HELLO_TIMEOUT;
	if (read_poolfile(p) < 0) {
		workerpool_free(p);
		return NULL;
	}
	return p;
}

void workerpool_stop(struct workerpool *p)
{
	unsigned k;

	if (!p)
		return;
	for (k = 0; k < p->n; k++)
		kill_worker(p, k);
	/* what the workers left (re-parented here when this process reaps them) */
	if (p->private_pool)
		isolation_reap_all();
	if (p->dir && isolation_rmtree(p->dir) < 0)
		warn("cannot remove the worker pool '%s'", p->dir);
	workerpool_free(p);
}

void workerpool_free(struct workerpool *p)
{
	if (!p)
		return;
	pyinterp_free(&p->py);
	free(p->dir);
	free(p->pids);
	free(p);
}

/* lock a free worker's wK.lock, waiting for one; 0, -1, 1 interrupted */
static int lock_free(struct workerpool *p, struct worker *w, struct selfpipe *sp)
{
	unsigned k, first = (unsigned)getpid() % p->n;

	for (;;) {
		for (k = 0; k < p->n; k++) {
			unsigned i = (first + k) % p->n;
			char *f = wfile(p, i, "lock");
			int fd = open(f, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

			free(f);
			if (fd < 0)
				return error("cannot open '%s/w%u.lock':", p->dir, i);
			if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
				w->k = i;
				w->lock = fd;
				return 0;
			}
			close(fd);
		}
		if (nap(sp, 20))
			return 1;
	}
}

/* its hello: 0, or -1 (no message) */
static int parse_hello(struct worker *w, const char *line)
{
	cJSON *h = cJSON_Parse(line);
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(h, "pid");
	const cJSON *py = cJSON_GetObjectItemCaseSensitive(h, "python");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(h, "version");
	const cJSON *pt = cJSON_GetObjectItemCaseSensitive(h, "pytest");
	int rc = -1;

	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(h, "hello")) && cJSON_IsNumber(pid) &&
	    pid->valuedouble > 1 && cJSON_IsString(py) && cJSON_IsString(ver)) {
		w->pid = (pid_t)pid->valuedouble;
		w->python = xstrdup(py->valuestring);
		w->version = xstrdup(ver->valuestring);
		w->pytest = cJSON_IsString(pt) ? xstrdup(pt->valuestring) : NULL;
		rc = 0;
	}
	cJSON_Delete(h);
	return rc;
}

/* connect to worker w->k and read its hello: 0; -1 when it does not
 * answer (no message); 1 interrupted */
static int hello(struct worker *w, struct selfpipe *sp)
{
	struct sockaddr_un sa;
	char *sock = wfile(w->pool, w->k, "sock"), *line = NULL;
	long long deadline = now_ns() + (long long)(w->pool->hello_timeout_s * 1e9);
	int rc = -1;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	w->in_len = 0;
	if (strlen(sock) < sizeof(sa.sun_path))
		memcpy(sa.sun_path, sock, strlen(sock));
	free(sock);
	w->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (w->fd < 0 || !sa.sun_path[0] || connect(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	while (!(line = worker_line(w)) && now_ns() < deadline) {
		struct pollfd pfd[2] = {{w->fd, POLLIN, 0}, {sp ? selfpipe_fd() : -1, POLLIN, 0}};

		if (sp && selfpipe_drain(sp))
			return 1;
		if (poll(pfd, 2, 50) > 0 && pfd[0].revents && worker_fill(w) != 0)
			break;
	}
	if (line)
		rc = parse_hello(w, line);
	free(line);
	return rc;
}

static void disconnect(struct worker *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	free(w->python);
	free(w->version);
	free(w->pytest);
	w->python = w->version = w->pytest = NULL;
}

int workerpool_take(struct workerpool *p, struct worker *w, struct selfpipe *sp)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->pool = p;
	w->fd = w->lock = -1;
	rc = lock_free(p, w, sp);
	if (rc == 0)
		rc = hello(w, sp);
	if (rc < 0 && w->lock >= 0) {
		/* dead or wedged: a new one in its place */
		disconnect(w);
		kill_worker(p, w->k);
		rc = start_worker(p, w->k, sp);
		if (rc == 0 && (rc = hello(w, sp)) < 0)
			rc = error("the self-test worker %s/w%u does not answer", p->dir, w->k);
	}
	if (rc != 0)
		workerpool_release(w);
	return rc;
}

void workerpool_release(struct worker *w)
{
	disconnect(w);
	if (w->lock >= 0)
		close(w->lock);
	w->lock = -1;
}

void workerpool_kill(struct worker *w)
{
	if (w->pid > 1)
		kill(w->pid, SIGKILL);
	if (w->lock >= 0)
		kill_worker(w->pool, w->k);
}
