/* pyinterp.h: the self-tests' Python interpreter, resolved once (per build,
 * or per `menace selftest` run by hand) by running SANDBOX_PYTHON (default
 * python3) through PATH and any version-manager shim, with a clean
 * environment, and asking it for sys.executable, its version, its pytest
 * version and the options it runs with (-S, -s, -E, -I: a shim
 * `exec python3 -S "$@"` keeps them). The workers (rules/workerpool.h)
 * then start that executable directly. */
#ifndef MENACE_PYINTERP_H
#define MENACE_PYINTERP_H

struct selfpipe;

struct pyinterp {
	char *spec;      /* as given: "python3", "/usr/bin/python3", a shim */
	char *exe;       /* sys.executable: absolute, no shim (a venv's kept) */
	char *flags;     /* its options, "-S", "-s -E" or "" */
	char *version;   /* "3.11.2" */
	char *pytest;    /* "7.2.1", or NULL: no pytest */
};

/* the seconds the probe may take */
#define PYINTERP_TIMEOUT 60.0

/* run spec once and fill py (zeroed first); 0, -1 after a warning
 * ("cannot run 'SPEC': ..."), or 1 when a signal arrived on sp (the probe
 * killed; sp NULL: none watched) */
int pyinterp_resolve(const char *spec, struct pyinterp *py, struct selfpipe *sp);
/* malloc'd "python EXE[ FLAGS] VERSION pytest VERSION|none": what the
 * engine folds into a self-test's key (a `tool` line) */
char *pyinterp_tools(const struct pyinterp *py);
void pyinterp_free(struct pyinterp *py);
/* the environment of the probe: PATH, HOME, LANG=C.UTF-8 and, when set,
 * PYTHONPATH, PYENV_VERSION, PYENV_ROOT; malloc'd, NULL-terminated */
char **pyinterp_env(void);

#endif
