#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"

/* the rest of fd (hint: its expected size) into *data (*cap bytes, grown
 * as needed), NUL-terminated: 0 with *len, or -1 with errno (EFBIG past
 * max bytes); fd is closed */
static int read_fd_into(int fd, size_t hint, size_t max, char **data, size_t *cap, size_t *len)
{
	/* room for the expected bytes, the NUL, and the read that sees the end */
	size_t want = hint > 0 && hint < max ? hint + 2 : 4096, n = 0;
	ssize_t r;
	int e;

	if (*cap < want) {
		free(*data);
		*data = xmalloc(want);
		*cap = want;
	}
	for (;;) {
		if (n + 1 >= *cap)
			*data = xrealloc(*data, *cap *= 2);
		r = read(fd, *data + n, *cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	(*data)[n] = '\0';
	if (len)
		*len = n;
	return 0;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* the rest of fd as read_fd_into() does it, in a malloc'd buffer, or NULL */
static char *read_fd(int fd, size_t hint, size_t max, size_t *len)
{
	char *data = NULL;
	size_t cap = 0;

	if (read_fd_into(fd, hint, max, &data, &cap, len) < 0) {
		free(data);
		return NULL;
	}
	return data;
}

char *read_file(const char *path, size_t *len)
{
	char *data = NULL;
	size_t cap = 0;

	if (read_file_into(path, &data, &cap, len) < 0) {
		free(data);
		return NULL;
	}
	return data;
}

int read_file_into(const char *path, char **data, size_t *cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return read_fd_into(fd, st.st_size > 0 ? (size_t)st.st_size : 0, SIZE_MAX, data, cap, len);
}

char *read_regular_file(const char *path, size_t max, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e;
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	return read_fd(fd, (size_t)st.st_size, max, len);
fail:
	e = errno;
	close(fd);
	errno = e;
	return NULL;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

char *fsio_tmp_name(const char *path, long pid)
{
	return xasprintf("%s.tmp.%ld", path, pid);
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp;
	const char *p = data;
	struct stat st;
	int fd;

	/* a device, fifo or socket (--out /dev/stdout, /dev/null) is written
	 * in place: renaming over it would replace the device with a file */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write_all(fd, p, len) < 0) {
			error("cannot write '%s':", path);
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
		return 0;
	}
	tmp = fsio_tmp_name(path, (long)getpid());
	/* the directories are made only when the first try finds them
	 * missing: most writes go into one that exists */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		if (mkdir_parents(path) < 0) {
			error("cannot create the directory of '%s':", path);
			free(tmp);
			return -1;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (fd < 0)
		goto fail;
	if (write_all(fd, p, len) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	error("cannot write '%s':", path);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int file_make_empty(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	int rc = -1;

	if (fd < 0)
		return errno == ENOENT ? 0 : unlink(path);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1)
		rc = ftruncate(fd, 0);
	close(fd);
	return rc == 0 ? 0 : unlink(path);
}
