"""child.py: STAND-IN written by the stclient helper (the harness helper's
files replace it): the forked self-test child. Isolates itself (rlimits,
Landlock writes, socket-layer network denial), then runs pytest, the
builtin runner or the stub (an import), writing the outcomes file."""
import ctypes
import json
import os
import resource
import signal
import socket
import struct
import sys
import traceback

libc = ctypes.CDLL(None, use_errno=True)


def landlock(dirs):
    """confine writes to dirs + /dev/null + /dev/shm; True when done"""
    sc = libc.syscall
    sc.restype = ctypes.c_long
    abi = sc(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi <= 0:
        return False
    allw = 2 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048 | 4096
    if abi >= 2:
        allw |= 8192
    filew = 2
    if abi >= 3:
        allw |= 16384
        filew |= 16384
    attr = struct.pack("Q", allw)
    fd = sc(444, attr, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if fd < 0:
        return False
    for path, acc in [(d, allw) for d in dirs] + [("/dev/null", filew), ("/dev/shm", allw)]:
        try:
            pfd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        rule = struct.pack("=Qi", acc, pfd)
        sc(445, ctypes.c_int(fd), ctypes.c_int(1), rule, ctypes.c_uint32(0))
        os.close(pfd)
    libc.prctl(38, 1, 0, 0, 0)
    ok = sc(446, ctypes.c_int(fd), ctypes.c_uint32(0)) == 0
    os.close(fd)
    return ok


def deny_network():
    real_connect = socket.socket.connect

    def connect(self, addr):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise ConnectionRefusedError(111, "network denied by menace's self-test")
        return real_connect(self, addr)
    socket.socket.connect = connect
    socket.socket.connect_ex = lambda self, addr: 111


def isolate(req, fd):
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if req.get("mem_bytes"):
        resource.setrlimit(resource.RLIMIT_AS, (req["mem_bytes"], req["mem_bytes"]))
    if req.get("cpu_seconds"):
        resource.setrlimit(resource.RLIMIT_CPU, (req["cpu_seconds"], req["cpu_seconds"] + 1))
    confined = landlock(req["writable"])
    deny_network()
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    import tempfile
    tempfile.tempdir = None
    extra = [p for p in req["env"].get("PYTHONPATH", "").split(":") if p]
    sys.path[:0] = [p for p in extra if p not in sys.path]
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    return confined


def call(name, fn):
    import inspect
    params = [p for p in inspect.signature(fn).parameters.values()
              if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if params:
        raise TypeError("%s needs fixtures (%s); pytest is not installed"
                        % (name, ", ".join(p.name for p in params)))
    r = fn()
    if inspect.iscoroutine(r):
        import asyncio
        asyncio.run(r)


def collect(mod):
    import inspect
    import unittest
    cases = []
    for key, obj in list(vars(mod).items()):
        if key.startswith("test") and inspect.isfunction(obj):
            cases.append((key, obj))
        elif key.startswith("Test") and inspect.isclass(obj):
            if issubclass(obj, unittest.TestCase):
                for t in unittest.defaultTestLoader.loadTestsFromTestCase(obj):
                    cases.append(("%s.%s" % (key, t._testMethodName), t))
            elif obj.__init__ is object.__init__:
                for m in sorted(k for k in vars(obj) if k.startswith("test")):
                    if inspect.isfunction(getattr(obj, m, None)):
                        cases.append(("%s.%s" % (key, m), (obj, m)))
    return cases


def run_case(label, case):
    import unittest
    if isinstance(case, unittest.TestCase):
        res = unittest.TestResult()
        case.run(res)
        bad = res.errors + res.failures + res.unexpectedSuccesses
        if bad:
            raise AssertionError("".join(b[1] if isinstance(b, tuple) else str(b) for b in bad))
    elif isinstance(case, tuple):
        inst = case[0]()
        if hasattr(inst, "setup_method"):
            inst.setup_method(getattr(inst, case[1]))
        try:
            call(label, getattr(inst, case[1]))
        finally:
            if hasattr(inst, "teardown_method"):
                inst.teardown_method(getattr(inst, case[1]))
    else:
        call(label, case)


def builtin(path, args):
    import importlib.util
    print("menace builtin runner (pytest not installed): %s" % path)
    name = os.path.splitext(os.path.basename(path))[0]
    sys.path.insert(0, os.path.dirname(path))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    except BaseException:
        traceback.print_exc()
        print("ERROR collecting %s" % path)
        return 2, None
    passed = failed = 0
    for label, case in collect(mod):
        try:
            run_case(label, case)
        except BaseException:
            failed += 1
            print("FAILED %s" % label)
            traceback.print_exc()
        else:
            passed += 1
            print("PASSED %s" % label)
    print("%d passed, %d failed" % (passed, failed))
    return (1 if failed else 0 if passed else 5), {"passed": passed, "failed": failed}


def stub(name):
    import importlib
    try:
        importlib.import_module(name)
    except BaseException as e:
        traceback.print_exc()
        return 2, "%s: %s" % (type(e).__name__, e)
    return 0, None


def run(req, fd):
    confined = isolate(req, fd)
    out = open(req["outcomes"], "w")

    def line(obj):
        out.write(json.dumps(obj) + "\n")
        out.flush()
    line({"harness": 1, "runner": req["runner"], "seed": req["seed"], "confined": confined,
          "network": "socket"})
    tests, error = None, None
    if req["runner"] == "pytest":
        import pytest
        import shlex
        argv = ["-q", "-p", "no:cacheprovider", "--rootdir", req["repo"], req["test"]]
        argv += shlex.split(req.get("args") or "")
        if not req.get("conftest", True):
            argv.append("--noconftest")
        code = int(pytest.main(argv))
    elif req["runner"] == "builtin":
        code, tests = builtin(req["test"], req.get("args"))
    else:
        code, error = stub(req["name"])
    sys.stdout.flush()
    sys.stderr.flush()
    summary = {"import": "failed" if error else "ok", "tests": tests,
               "calls": None, "functions": {}, "effects": None,
               "failures": 0 if code == 0 else (tests or {}).get("failed") or 1}
    if error:
        summary["error"] = error
    line({"summary": summary})
    return code
