"""child.py: one self-test, in the child the worker forked. In order: own
process group, the output fd as stdout and stderr, stdin /dev/null, death
signal, rlimits, no network and confined writes (confine.py), the working
directory, the environment replaced by the request's, sys.path for the
repository, then the runner with the scenario's effects. Exit: 0 passed,
1 a test or a stub call failed, 2 the module or test file does not import
or collect, 5 no tests collected, 3 internal error (printed)."""
import os
import signal
import sys
import tempfile
import traceback

from . import confine, runner, stubs
from .effects import Effects
from .outcomes import Recorder
from .scenario import Scenario

HARNESS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def plumb(out_fd, parent):
    """process group, fds, signals: what a fresh process would have"""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    confine.set_pdeathsig(signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(3)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    for fd in (null, out_fd):
        if fd > 2:
            os.close(fd)
    sys.stdin = open(0, "r", closefd=False)
    sys.stdout = open(1, "w", buffering=1, closefd=False, errors="backslashreplace")
    sys.stderr = open(2, "w", buffering=1, closefd=False, errors="backslashreplace")
    signal.set_wakeup_fd(-1)
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGALRM, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(s, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def environment(req):
    env = req.get("env") or {}
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in env.items()})
    tempfile.tempdir = None
    sys.dont_write_bytecode = True
    os.chdir(req.get("cwd") or req["repo"])
    keep = [p for p in sys.path if p not in ("", ".", HARNESS_DIR) and
            os.path.abspath(p) != HARNESS_DIR]
    front = [req["repo"]] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = front + [p for p in keep if p not in front]
    importer_cache = sys.path_importer_cache
    for k in list(importer_cache):
        if k in ("", HARNESS_DIR):
            del importer_cache[k]
    sys.argv = [req.get("test") or req.get("module") or ""]


def run(req, out_fd, parent):
    """the child's whole life; returns its exit code"""
    plumb(out_fd, parent)
    rec = None
    try:
        confine.set_rlimits(int(req.get("mem_bytes") or 0), int(req.get("cpu_seconds") or 0))
        rec = Recorder(req.get("outcomes"))
        writable = list(req.get("writable") or [])
        confined, network = confine.isolate(writable)
        environment(req)
        sc = Scenario(req.get("scenario"), req.get("level"), req.get("preset"), req.get("seed"))
        fx = Effects(sc, req.get("edge_cases"))
        kind = req.get("runner") or ("stub" if not req.get("test") else "builtin")
        rec.header(kind, sc.seed, confined, network)
        fx.install()
        code, import_error = dispatch(kind, req, rec, fx)
        rec.summary(import_error, fx.summary())
        return code
    except BaseException:
        traceback.print_exc()
        print("menace: self-test harness internal error", file=sys.stderr)
        return 3
    finally:
        if rec is not None:
            rec.close()


def dispatch(kind, req, rec, fx):
    if kind == "stub":
        return stubs.run(req, rec, fx)
    counts = {"passed": 0, "failed": 0}
    rec.tests = counts
    if kind == "pytest":
        code = runner.run_pytest(req, fx, counts)
        err = "collection failed (pytest exit %d)" % code if code == 2 else None
    else:
        code, err = runner.run_builtin(req, fx, counts)
    if code == 2 and err is None:
        err = "the test file does not import"
    return code, err


def main(req, out_fd, parent):
    """run and leave without running anything of the worker's"""
    code = 3
    try:
        code = run(req, out_fd, parent)
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            pass
        os._exit(code)
