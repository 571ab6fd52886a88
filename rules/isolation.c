/* isolation.c: what a self-test's client needs around its worker
 * (isolation.h); the child's own isolation is the Python harness's
 * (rules/harness/). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/opt.h"
#include "rules/isolation.h"
#include "base/util.h"

int isolation_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

void isolation_env_free(char **env)
{
	char **e;

	for (e = env; e && *e; e++)
		free(*e);
	free(env);
}

int isolation_parse_size(const char *s, unsigned long long *out)
{
	long long v;

	if (opt_size(NULL, s, &v) < 0)
		return -1;
	*out = (unsigned long long)v;
	return 0;
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

void isolation_reap_all(void)
{
	pid_t pids[256];
	size_t i, n;
	int rounds;
	pid_t w;

	for (rounds = 0; rounds < 100000; rounds++) {
		n = list_children(pids, sizeof(pids) / sizeof(pids[0]));
		for (i = 0; i < n; i++) {
			kill(-pids[i], SIGKILL);
			kill(pids[i], SIGKILL);
		}
		w = waitpid(-1, NULL, n ? 0 : WNOHANG);
		if (w < 0 && errno == ECHILD)
			break;
		if (w == 0 && !n)
			break;
	}
}

void isolation_keep_tail(char *tail, size_t *tail_len, const char *p, size_t n)
{
	if (n >= ISOLATION_TAIL) {
		memcpy(tail, p + n - ISOLATION_TAIL, ISOLATION_TAIL);
		*tail_len = ISOLATION_TAIL;
		return;
	}
	if (*tail_len + n > ISOLATION_TAIL) {
		size_t drop = *tail_len + n - ISOLATION_TAIL;

		memmove(tail, tail + drop, *tail_len - drop);
		*tail_len -= drop;
	}
	memcpy(tail + *tail_len, p, n);
	*tail_len += n;
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
