/* fsio.h: whole-file reads and crash-safe writes for menace's own files. */
#ifndef MENACE_FSIO_H
#define MENACE_FSIO_H

#include <stddef.h>

/* malloc'd contents of path, NUL-terminated, length in *len; NULL with errno */
char *read_file(const char *path, size_t *len);
/* the same into *data, a buffer of *cap bytes (0: none yet) that grows as
 * needed and is kept for the next file (the caller frees it): 0, or -1
 * with errno */
int read_file_into(const char *path, char **data, size_t *cap, size_t *len);
/* the same for a file named by the user: NULL with errno EINVAL when it is
 * not a regular file (opened without blocking, so a FIFO is refused, not
 * waited on), EFBIG when it holds more than max bytes */
char *read_regular_file(const char *path, size_t max, size_t *len);
/* write to a temporary name beside path (fsio_tmp_name), fsync-free
 * rename over path, creating parent directories; 0, or -1 after a warning
 * naming path */
int write_file_atomic(const char *path, const void *data, size_t len);
/* write all len bytes of data to fd (a short write, EINTR: again); 0, or -1
 * with errno set */
int write_all(int fd, const void *data, size_t len);
/* the temporary name write_file_atomic uses in process pid: "PATH.tmp.PID"
 * (malloc'd); a process killed while writing leaves it behind */
char *fsio_tmp_name(const char *path, long pid);
/* path empty or absent, for a file another process (a self-test's child)
 * may have replaced: a plain file of one link is truncated in place, so
 * no inode is freed and allocated again (on ext4 without a journal every
 * new inode skips past each one freed in the last minutes); anything else
 * (a symbolic or hard link to a file elsewhere, a FIFO, a directory) is
 * removed, never followed or written. 0, or -1 with errno */
int file_make_empty(const char *path);

#endif
