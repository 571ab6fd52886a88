/* lock.c: the workspace lock (lock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "engine/lock.h"
#include "base/path.h"
#include "base/util.h"

/* the open lock file; kept open (and locked) until exit */
static int lock_fd = -1;

/* the pid written by the holder, or 0 when the file does not hold one yet */
static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	long pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return end != buf && (*end == '\n' || *end == '\0') && pid > 0 ? pid : 0;
}

/* "pid N", or "another process" while the holder has not written its pid */
static void describe_holder(int fd, char *out, size_t len)
{
	long pid = holder_pid(fd);

	if (pid)
		snprintf(out, len, "pid %ld", pid);
	else
		snprintf(out, len, "another process");
}

static int flock_retry(int fd, int op)
{
	int rc;

	do
		rc = flock(fd, op);
	while (rc < 0 && errno == EINTR);
	return rc;
}

static int waited;

int workspace_lock_waited(void)
{
	return waited;
}

void workspace_unlock(void)
{
	if (lock_fd >= 0)
		close(lock_fd);     /* closing the last fd drops the flock */
	lock_fd = -1;
}

int workspace_lock(const char *statedir, int no_wait)
{
	char *path, who[64], pid[32];
	int fd, len;

	waited = 0;
	if (lock_fd >= 0)
		return 0;
	path = path_join(statedir, "menace.db.lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		warn("cannot open the workspace lock '%s':", path);
		free(path);
		return EXIT_STATE;
	}
	if (flock_retry(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			warn("cannot lock '%s':", path);
			goto fail;
		}
		describe_holder(fd, who, sizeof(who));
		if (no_wait) {
			warn("the workspace is locked by %s (another build, clean, gc or cycle); "
			     "not waiting (--no-wait)", who);
			goto fail;
		}
		warn("waiting for the workspace lock held by %s", who);
		waited = 1;
		if (flock_retry(fd, LOCK_EX) < 0) {
			warn("cannot lock '%s':", path);
			goto fail;
		}
	}
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	/* pid first, then cut: a reader never sees an empty file after this */
	if (pwrite(fd, pid, (size_t)len, 0) != len || ftruncate(fd, len) < 0)
		warn("cannot write '%s':", path);
	free(path);
	lock_fd = fd;
	return 0;
fail:
	close(fd);
	free(path);
	return EXIT_STATE;
}
