/* isolation.h: the process and file helpers of a self-test's client: the
 * child itself is isolated by the Python harness (rules/harness/), forked
 * from a worker (rules/workerpool.h). */
#ifndef MENACE_ISOLATION_H
#define MENACE_ISOLATION_H

#include <stddef.h>

/* how much of a child's output a result keeps */
#define ISOLATION_TAIL 4096

/* a pipe, both ends close-on-exec; 0, or -1 with errno */
int isolation_pipe(int fds[2]);
/* free a malloc'd NULL-terminated array of malloc'd strings */
void isolation_env_free(char **env);
/* kill every child of this process with its process group, again until
 * none is left (a child subreaper's orphans included), reaping them */
void isolation_reap_all(void);
/* append p[0..n) to tail[0..*tail_len), keeping the last ISOLATION_TAIL bytes */
void isolation_keep_tail(char *tail, size_t *tail_len, const char *p, size_t n);
/* malloc'd fresh directory under $TMPDIR (or /tmp); NULL after a warning */
char *isolation_mkdtemp(const char *prefix);
/* remove path and everything below it, even read-only directories; 0 or -1 */
int isolation_rmtree(const char *path);
/* parse a memory size (opt.h: bytes, K M G T or Ki Mi Gi Ti suffixes,
 * both powers of 1024); 0, or -1 when it is not one (no message) */
int isolation_parse_size(const char *s, unsigned long long *out);

#endif
