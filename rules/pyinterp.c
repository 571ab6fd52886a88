/* pyinterp.c: resolve the self-tests' interpreter once (pyinterp.h). The
 * probe is a plain fork+exec with its own pipes and a waitpid of its own
 * pid: it runs inside the build's process too, so it changes no signal
 * handler and reaps nothing else. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "engine/selfpipe.h"
#include "rules/isolation.h"
#include "rules/pyinterp.h"

extern char **environ;

static const char probe_src[] =
	"import sys\n"
	"f = sys.flags\n"
	"o = ['-I'] if f.isolated else (['-E'] if f.ignore_environment else []) + "
	"(['-s'] if f.no_user_site else [])\n"
	"o += ['-S'] if f.no_site else []\n"
	"try:\n"
	"    from importlib.metadata import version\n"
	"    p = version('pytest')\n"
	"except ImportError:\n"
	"    try:\n"
	"        import pytest\n"
	"        p = pytest.__version__\n"
	"    except Exception:\n"
	"        p = ''\n"
	"except Exception:\n"
	"    p = ''\n"
	"print(sys.executable)\n"
	"print('%d.%d.%d' % sys.version_info[:3])\n"
	"print(p)\n"
	"print(' '.join(o))\n";

static void env_add(char ***env, size_t *n, size_t *cap, const char *key, const char *val)
{
	growarray(env, cap, *n + 2, sizeof(char *));
	(*env)[(*n)++] = xasprintf("%s=%s", key, val);
	(*env)[*n] = NULL;
}

char **pyinterp_env(void)
{
	static const char *const keep[] = {"HOME", "PYTHONPATH", "PYENV_VERSION", "PYENV_ROOT"};
	const char *path = getenv("PATH");
	char **env = NULL;
	size_t n = 0, cap = 0, i;

	env_add(&env, &n, &cap, "PATH", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	env_add(&env, &n, &cap, "LANG", "C.UTF-8");
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (getenv(keep[i]) && *getenv(keep[i]))
			env_add(&env, &n, &cap, keep[i], getenv(keep[i]));
	return env;
}

/* the probe's process: its output, then its status */
struct probe {
	pid_t pid;
	int out, status;
	struct buf text;
};

/* fork and exec spec -c probe_src; 0, or -1 after a warning */
static int probe_start(const char *spec, struct probe *p)
{
	char *argv[] = {(char *)spec, "-c", (char *)probe_src, NULL};
	char **env = pyinterp_env();
	int out[2], err[2], e = 0;
	ssize_t n;

	if (isolation_pipe(out) < 0 || isolation_pipe(err) < 0) {
		isolation_env_free(env);
		return error("cannot create a pipe:");
	}
	fflush(NULL);
	p->pid = fork();
	if (p->pid == 0) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && dup2(fd, 0) >= 0 && dup2(out[1], 1) >= 0 && dup2(out[1], 2) >= 0) {
			environ = env;
			execvp(spec, argv);
		}
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	isolation_env_free(env);
	close(out[1]);
	close(err[1]);
	if (p->pid < 0) {
		close(out[0]);
		close(err[0]);
		return error("cannot fork:");
	}
	do
		n = read(err[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(err[0]);
	p->out = out[0];
	if (n == (ssize_t)sizeof(e)) {
		close(p->out);
		waitpid(p->pid, &p->status, 0);
		errno = e;
		return error("cannot run '%s':", spec);
	}
	return 0;
}

/* its output until end of file; 0, 1 interrupted, -1 timed out (killed) */
static int probe_wait(struct probe *p, struct selfpipe *sp)
{
	long long deadline = now_ns() + (long long)(PYINTERP_TIMEOUT * 1e9);
	int rc = 0;

	for (;;) {
		struct pollfd pfd[2] = {{p->out, POLLIN, 0}, {sp ? selfpipe_fd() : -1, POLLIN, 0}};
		long long left = deadline - now_ns();
		char chunk[4096];
		ssize_t r;

		if (sp && selfpipe_drain(sp)) {
			rc = 1;
			break;
		}
		if (left <= 0) {
			rc = -1;
			break;
		}
		if (poll(pfd, 2, (int)(left / 1000000) + 1) < 0 && errno != EINTR)
			break;
		if (!pfd[0].revents)
			continue;
		r = read(p->out, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (p->text.len < 65536)
			buf_put(&p->text, chunk, (size_t)r);
	}
	close(p->out);
	if (rc)
		kill(p->pid, SIGKILL);
	while (waitpid(p->pid, &p->status, 0) < 0 && errno == EINTR)
		;
	return rc;
}

/* the probe's four lines into py; 0, or -1 after a warning */
static int probe_parse(const char *spec, struct probe *p, struct pyinterp *py)
{
	char *line[4] = {NULL, NULL, NULL, NULL}, *s = p->text.s ? p->text.s : "";
	size_t i;

	for (i = 0; i < 4 && *s; i++) {
		size_t k = strcspn(s, "\n");

		line[i] = xstrndup(s, k);
		s += k + (s[k] == '\n');
	}
	if (!WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0 || i < 4 || line[0][0] != '/') {
		const char *t = p->text.s ? p->text.s : "";
		size_t len = p->text.len;

		size_t start;

		while (len && t[len - 1] == '\n')
			len--;
		for (start = len; start && t[start - 1] != '\n'; start--)
			;
		t += start;
		len -= start;
		error("the interpreter '%s' does not answer the probe%s%.*s", spec,
		      len ? ": " : "", (int)(len > 300 ? 300 : len), t);
		for (i = 0; i < 4; i++)
			free(line[i]);
		return -1;
	}
	py->exe = line[0];
	py->version = line[1];
	if (*line[2])
		py->pytest = line[2];
	else
		free(line[2]);
	py->flags = line[3];
	return 0;
}

int pyinterp_resolve(const char *spec, struct pyinterp *py, struct selfpipe *sp)
{
	struct probe p;
	int rc;

	memset(py, 0, sizeof(*py));
	memset(&p, 0, sizeof(p));
	if (probe_start(spec, &p) < 0)
		return -1;
	rc = probe_wait(&p, sp);
	if (rc < 0)
		rc = error("the interpreter '%s' did not answer within %.0f s", spec, PYINTERP_TIMEOUT);
	else if (rc == 0)
		rc = probe_parse(spec, &p, py);
	buf_free(&p.text);
	if (rc == 0)
		py->spec = xstrdup(spec);
	else
		pyinterp_free(py);
	return rc;
}

char *pyinterp_tools(const struct pyinterp *py)
{
	return xasprintf("python %s%s%s %s pytest %s", py->exe, *py->flags ? " " : "", py->flags,
			 py->version, py->pytest ? py->pytest : "none");
}

void pyinterp_free(struct pyinterp *py)
{
	free(py->spec);
	free(py->exe);
	free(py->flags);
	free(py->version);
	free(py->pytest);
	memset(py, 0, sizeof(*py));
}
