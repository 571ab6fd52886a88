/* isolation.c: the child process of a self-test. fork+exec rather than
 * posix_spawn because the child needs rlimits, a Landlock ruleset and a
 * death signal set between the two. The parent becomes a child subreaper,
 * so a background process the test leaves behind (even after setsid) is
 * re-parented here and killed instead of holding the output pipe open. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/landlock.h>
#endif

#include "base/opt.h"
#include "engine/selfpipe.h"
#include "rules/isolation.h"
#include "base/util.h"

extern char **environ;

static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

#if defined(SYS_landlock_create_ruleset) && defined(LANDLOCK_CREATE_RULESET_VERSION)
static int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return v < 0 ? 0 : (int)v;
}

static int allow(int ruleset, const char *path, uint64_t access)
{
	struct landlock_path_beneath_attr pb;
	int rc;

	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = access;
	pb.parent_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pb.parent_fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	close(pb.parent_fd);
	return rc;
}

/* in the child: everything that writes the filesystem is denied except
 * below dir, /dev/null and /dev/shm (POSIX semaphores) */
static int confine(const char *dir, int abi)
{
	struct landlock_ruleset_attr attr;
	uint64_t all = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
		       LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
		       LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
		       LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
		       LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
	uint64_t file = LANDLOCK_ACCESS_FS_WRITE_FILE;
	int fd, rc;

#ifdef LANDLOCK_ACCESS_FS_REFER
	if (abi >= 2)
		all |= LANDLOCK_ACCESS_FS_REFER;
#endif
#ifdef LANDLOCK_ACCESS_FS_TRUNCATE
	if (abi >= 3) {
		all |= LANDLOCK_ACCESS_FS_TRUNCATE;
		file |= LANDLOCK_ACCESS_FS_TRUNCATE;
	}
#endif
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = all;
	fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd < 0)
		return -1;
	rc = allow(fd, dir, all);
	if (rc == 0)
		rc = allow(fd, "/dev/null", file);
	if (rc == 0)
		rc = allow(fd, "/dev/shm", all);
	if (rc == 0)
		rc = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (rc == 0)
		rc = (int)syscall(SYS_landlock_restrict_self, fd, 0);
	close(fd);
	return rc;
}
#else
static int landlock_abi(void)
{
	return 0;
}

static int confine(const char *dir, int abi)
{
	(void)dir;
	(void)abi;
	errno = ENOSYS;
	return -1;
}
#endif

int isolation_parse_size(const char *s, unsigned long long *out)
{
	long long v;

	if (opt_size(NULL, s, &v) < 0)
		return -1;
	*out = (unsigned long long)v;
	return 0;
}

/* in the child, after fork: only system calls from here to exec */
static _Noreturn void child(struct isolation *iso, int out, int err, int abi)
{
	static const int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT};
	struct rlimit rl;
	sigset_t none;
	size_t i;
	int fd, e;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		goto fail;
	if (fd > 2)
		close(fd);
	if (iso->cwd && chdir(iso->cwd) < 0)
		goto fail;
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	if (iso->mem_bytes) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)iso->mem_bytes;
		if (setrlimit(RLIMIT_AS, &rl) < 0)
			goto fail;
	}
	if (iso->cpu_cores > 0) {
		rl.rlim_cur = (rlim_t)ceil(iso->cpu_cores * iso->timeout_s) + 1;
		rl.rlim_max = rl.rlim_cur + 1;
		if (setrlimit(RLIMIT_CPU, &rl) < 0)
			goto fail;
	}
	if (iso->writable && abi > 0 && confine(iso->writable, abi) < 0)
		goto fail;
	environ = iso->env;
	execvp(iso->argv[0], iso->argv);
fail:
	e = errno;
	if (write(err, &e, sizeof(e)) < 0) {
		/* nothing left to tell */
	}
	_exit(127);
}

/* the pids whose parent is this process */
static size_t list_children(pid_t *pids, size_t max)
{
	char path[64];
	FILE *f;
	size_t n = 0;
	long p;
	DIR *d;
	struct dirent *de;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children", (long)getpid());
	f = fopen(path, "r");
	if (f) {
		while (n < max && fscanf(f, "%ld", &p) == 1)
			pids[n++] = (pid_t)p;
		fclose(f);
		return n;
	}
	/* kernels without CONFIG_PROC_CHILDREN: scan /proc */
	d = opendir("/proc");
	if (!d)
		return 0;
	while (n < max && (de = readdir(d))) {
		char buf[512], *rp, statpath[300];
		long ppid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(statpath, sizeof(statpath), "/proc/%s/stat", de->d_name);
		f = fopen(statpath, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && (rp = strrchr(buf, ')')) &&
		    sscanf(rp + 1, " %*c %ld", &ppid) == 1 && ppid == (long)getpid())
			pids[n++] = (pid_t)atol(de->d_name);
		fclose(f);
	}
	closedir(d);
	return n;
}

/* kill and reap every descendant; main is the test's own pid (reaped
 * already when *main_status >= 0... or reaped here into *status) */
static void kill_all(pid_t main, int *status, int *main_done)
{
	pid_t pids[256];
	size_t i, n;
	int rounds, st;
	pid_t w;

	kill(-main, SIGKILL);
	for (rounds = 0; rounds < 100000; rounds++) {
		n = list_children(pids, sizeof(pids) / sizeof(pids[0]));
		for (i = 0; i < n; i++) {
			kill(-pids[i], SIGKILL);
			kill(pids[i], SIGKILL);
		}
		w = waitpid(-1, &st, n ? 0 : WNOHANG);
		if (w == main && !*main_done) {
			*status = st;
			*main_done = 1;
		}
		if (w < 0 && errno == ECHILD)
			break;
		if (w == 0 && !n)
			break;
	}
}

static void keep_tail(struct isolation *iso, const char *p, size_t n)
{
	if (n >= ISOLATION_TAIL) {
		memcpy(iso->tail, p + n - ISOLATION_TAIL, ISOLATION_TAIL);
		iso->tail_len = ISOLATION_TAIL;
		return;
	}
	if (iso->tail_len + n > ISOLATION_TAIL) {
		size_t drop = iso->tail_len + n - ISOLATION_TAIL;

		memmove(iso->tail, iso->tail + drop, iso->tail_len - drop);
		iso->tail_len -= drop;
	}
	memcpy(iso->tail + iso->tail_len, p, n);
	iso->tail_len += n;
}

/* read what is there; 1 at end of file */
static int drain(struct isolation *iso, int fd)
{
	char buf[65536];
	ssize_t r = read(fd, buf, sizeof(buf));

	if (r > 0) {
		keep_tail(iso, buf, (size_t)r);
		return 0;
	}
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return 1;
}

/* one run's pipes, signal handlers and child */
struct run {
	int out[2], err[2];           /* the child's output; its exec error */
	struct selfpipe sig;
	pid_t pid;
	int status, main_done, eof;
	long long start, deadline;
};

/* the output and exec error pipes, then the handlers; 0, or -1 after a
 * warning */
static int open_pipes(struct run *r)
{
	if (cloexec_pipe(r->out) < 0 || cloexec_pipe(r->err) < 0)
		return error("cannot create a pipe:");
	fcntl(r->out[0], F_SETFL, O_NONBLOCK);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* SIGHUP too, also when the caller ignored it (as nohup does) */
	selfpipe_start(&r->sig, 1);
	return 0;
}

static void close_pipes(struct run *r)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		if (r->out[i] >= 0)
			close(r->out[i]);
		if (r->err[i] >= 0)
			close(r->err[i]);
	}
}

/* fork and exec; 0 when the child runs the command, -1 after a warning */
static int start(struct isolation *iso, struct run *r, int abi)
{
	ssize_t n;
	int e = 0;

	r->start = now_ns();
	r->deadline = r->start + (long long)(iso->timeout_s * 1e9);
	fflush(NULL);
	r->pid = fork();
	if (r->pid < 0)
		return error("cannot fork:");
	if (r->pid == 0)
		child(iso, r->out[1], r->err[1], abi);
	setpgid(r->pid, r->pid);
	close(r->out[1]);
	close(r->err[1]);
	r->out[1] = r->err[1] = -1;
	do
		n = read(r->err[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(e)) {
		waitpid(r->pid, &r->status, 0);
		errno = e;
		return error("cannot run '%s':", iso->argv[0]);
	}
	return 0;
}

/* keep the output until the child exits, the deadline passes or a signal
 * arrives */
static void watch(struct isolation *iso, struct run *r)
{
	while (!r->main_done) {
		struct pollfd pfd[2];
		long long left = r->deadline - now_ns();
		int ms, st;
		pid_t w;

		if (selfpipe_drain(&r->sig)) {
			iso->interrupted = r->sig.interrupted;
			break;
		}
		if (left <= 0) {
			iso->timed_out = 1;
			kill(-r->pid, SIGKILL);
			kill(r->pid, SIGKILL);
			break;
		}
		ms = (int)((left + 999999) / 1000000);
		pfd[0].fd = selfpipe_fd();
		pfd[0].events = POLLIN;
		pfd[1].fd = r->eof ? -1 : r->out[0];
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, ms) < 0 && errno != EINTR)
			break;
		if (!r->eof && pfd[1].revents)
			r->eof = drain(iso, r->out[0]);
		while ((w = waitpid(-1, &st, WNOHANG)) > 0)
			if (w == r->pid) {
				r->status = st;
				r->main_done = 1;
			}
	}
}

/* kill what is left, read the rest of the output, take the exit status */
static void finish(struct isolation *iso, struct run *r)
{
	iso->duration_s = (double)(now_ns() - r->start) / 1e9;
	kill_all(r->pid, &r->status, &r->main_done);
	/* every writer is gone: read the rest */
	while (!r->eof) {
		struct pollfd pfd = {r->out[0], POLLIN, 0};

		if (poll(&pfd, 1, 200) <= 0)
			break;
		r->eof = drain(iso, r->out[0]);
	}
	if (WIFEXITED(r->status)) {
		iso->exit_code = WEXITSTATUS(r->status);
	} else if (WIFSIGNALED(r->status)) {
		iso->exit_code = -WTERMSIG(r->status);
		if (WTERMSIG(r->status) == SIGXCPU)
			iso->timed_out = 1;
	}
	iso->tail[iso->tail_len] = '\0';
}

int isolation_run(struct isolation *iso)
{
	struct run r;
	int abi = iso->writable ? landlock_abi() : 0;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.out[0] = r.out[1] = r.err[0] = r.err[1] = -1;
	iso->exit_code = -1;
	iso->timed_out = iso->interrupted = 0;
	iso->confined = abi > 0;
	iso->tail_len = 0;
	iso->tail[0] = '\0';
	iso->duration_s = 0;
	if (open_pipes(&r) == 0) {
		if (start(iso, &r, abi) == 0) {
			watch(iso, &r);
			finish(iso, &r);
			rc = 0;
		}
		selfpipe_stop(&r.sig);
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	}
	close_pipes(&r);
	return rc;
}

char *isolation_mkdtemp(const char *prefix)
{
	const char *t = getenv("TMPDIR");
	char *dir = xasprintf("%s/%s.XXXXXX", t && *t ? t : "/tmp", prefix);

	if (!mkdtemp(dir)) {
		warn("cannot create a temporary directory '%s':", dir);
		free(dir);
		return NULL;
	}
	return dir;
}

static int rm_at(int at, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd, rc = 0;

	if (unlinkat(at, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (depth > 512)
		return -1;
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EACCES && fchmodat(at, name, 0700, 0) == 0)
		fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fchmod(fd, 0700);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			if (rm_at(dirfd(d), de->d_name, depth + 1) < 0)
				rc = -1;
	closedir(d);
	if (unlinkat(at, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int isolation_rmtree(const char *path)
{
	return rm_at(AT_FDCWD, path, 0);
}
