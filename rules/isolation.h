/* isolation.h: run one command the way a self-test runs: its own process
 * group, a wall-clock timeout that kills the whole group, RLIMIT_AS and
 * RLIMIT_CPU, no core dumps, stdin from /dev/null, stdout+stderr captured
 * (last 4 KiB kept), writes confined to one directory with Landlock where
 * the kernel has it, and every descendant (even one that left the group)
 * killed and reaped before returning. */
#ifndef MENACE_ISOLATION_H
#define MENACE_ISOLATION_H

#include <stddef.h>

#define ISOLATION_TAIL 4096

struct isolation {
	/* in */
	char **argv;                  /* argv[0] is looked up in PATH */
	char **env;                   /* the complete environment */
	const char *cwd;              /* NULL: unchanged */
	const char *writable;         /* the only directory the child may write, or NULL */
	double timeout_s;             /* wall clock, > 0 */
	unsigned long long mem_bytes; /* RLIMIT_AS; 0 = unlimited */
	double cpu_cores;             /* RLIMIT_CPU = ceil(cpu_cores * timeout_s) + 1 s */
	/* out */
	int exit_code;                /* exit status, or -signal when killed */
	int timed_out;                /* killed for the timeout or RLIMIT_CPU */
	int confined;                 /* writes were confined (Landlock) */
	int interrupted;              /* SIGINT/SIGTERM/SIGHUP arrived: the signal */
	double duration_s;
	char tail[ISOLATION_TAIL + 1];/* the last output bytes, NUL-terminated */
	size_t tail_len;
};

/* run iso->argv; 0 when it ran (whatever its result), -1 after a warning
 * when it could not be started */
int isolation_run(struct isolation *iso);
/* malloc'd fresh directory under $TMPDIR (or /tmp); NULL after a warning */
char *isolation_mkdtemp(const char *prefix);
/* remove path and everything below it, even read-only directories; 0 or -1 */
int isolation_rmtree(const char *path);
/* parse a memory size (opt.h: bytes, K M G T or Ki Mi Gi Ti suffixes,
 * both powers of 1024); 0, or -1 when it is not one (no message) */
int isolation_parse_size(const char *s, unsigned long long *out);

#endif
