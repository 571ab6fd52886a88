"""worker.py: the preloaded self-test worker (docs/sandbox.md, "The
self-test harness"). menace starts one per job slot:

    PY -c "...from menace_harness import worker; sys.exit(worker.main(sys.argv[2:]))" \
        POOLDIR/py --socket S --pidfile P --owner PID

It preloads pytest (and what pytest.main imports), becomes a child
subreaper, writes its pid, and serves one connection at a time on the
AF_UNIX socket S:
  worker -> {"hello": 1, "pid", "python", "version", "pytest"}
  client -> the request (one JSON line, with one fd by SCM_RIGHTS: the
            child's stdout and stderr)
  worker -> {"pid": CHILD} at once, then {"exit": N} or {"signal": N}
            (+ "timed_out": true when it killed the child for the timeout)
  a request it cannot take: {"error": "why"}, and the connection closes;
            among them one whose "writable" is not [POOLDIR/wK.home] or
            whose "outcomes" file is not in it (a self-test's child could
            otherwise connect to an idle worker and ask for wider writes)
When the client hangs up first the child's group is killed. Every process
left behind is killed and reaped before the next accept. The worker exits
when S is removed or the owner pid is gone (checked every second)."""
import argparse
import gc
import json
import os
import select
import signal
import socket
import sys
import time

from . import child, confine, payloads, pytestwarm

CHECK_S = 1.0
MAX_LINE = 1 << 20


def preload():
    """import what every child needs, pytest ready to run; pytest's version
    or None"""
    for m in ("json", "asyncio", "unittest", "inspect", "typing", "ast", "shlex",
              "http.client", "urllib.request", "urllib.error", "ssl", "hashlib",
              "concurrent.futures", "tempfile", "traceback", "importlib.util",
              # what pytest.main imports on each run (its debugging plugin)
              "faulthandler", "pdb"):
        try:
            __import__(m)
        except ImportError:
            pass
    payloads.warm()
    return pytestwarm.warm()


class Worker:
    def __init__(self, sock_path, owner):
        self.path = sock_path
        self.owner = owner
        # POOLDIR/wK.sock -> POOLDIR/wK.home, the one directory its
        # children may write (checked in every request: a self-test's child
        # that connects to a worker cannot ask for wider writes)
        base = os.path.basename(sock_path)
        self.home = os.path.join(os.path.dirname(os.path.realpath(sock_path)),
                                 (base[:-5] if base.endswith(".sock") else base) + ".home")
        self.pytest = preload()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            os.unlink(sock_path)
        except FileNotFoundError:
            pass
        self.listener.bind(sock_path)
        self.listener.listen(8)
        self.inode = os.stat(sock_path).st_ino
        self.owner_fd = _pidfd(owner) if owner else None

    def alive(self):
        """False when our socket file is gone or the owner died"""
        try:
            if os.stat(self.path).st_ino != self.inode:
                return False
        except OSError:
            return False
        if self.owner:
            try:
                os.kill(self.owner, 0)
            except ProcessLookupError:
                return False
            except PermissionError:
                pass
        return True

    def serve(self):
        while self.alive():
            fds = [self.listener] + ([self.owner_fd] if self.owner_fd is not None else [])
            r, _, _ = select.select(fds, [], [], CHECK_S)
            if self.owner_fd is not None and self.owner_fd in r:
                return 0
            if self.listener in r:
                conn, _ = self.listener.accept()
                try:
                    self.session(conn)
                except OSError:
                    pass
                finally:
                    conn.close()
                    kill_leftovers()
        return 0

    def hello(self):
        v = sys.version_info
        return {"hello": 1, "pid": os.getpid(), "python": sys.executable,
                "version": "%d.%d.%d" % (v.major, v.minor, v.micro), "pytest": self.pytest}

    def session(self, conn):
        send(conn, self.hello())
        try:
            req, fd = read_request(conn)
        except ValueError as e:
            send(conn, {"error": str(e)})
            return
        why = self.refuse(req)
        if why:
            os.close(fd)
            send(conn, {"error": why})
            return
        try:
            pid = self.fork(req, fd, conn)
        finally:
            os.close(fd)
        send(conn, {"pid": pid})
        self.watch(conn, pid, float(req.get("timeout") or 300.0))

    def refuse(self, req):
        """why req asks for more than this worker's child may have, or None:
        its writes go to this worker's home only, outcomes included"""
        writable = req.get("writable")
        if not isinstance(writable, list) or \
                [os.path.realpath(str(w)) for w in writable] != [self.home]:
            return "the request's writable directories are not this worker's %s" % self.home
        out = req.get("outcomes")
        if out and os.path.dirname(os.path.realpath(str(out))) != self.home:
            return "the request's outcomes file is not in this worker's %s" % self.home
        return None

    def fork(self, req, fd, conn):
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        # what the worker holds stays out of the child's collections, so
        # its pages are not copied by a collection walking them
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            try:
                conn.close()
                self.listener.close()
                if self.owner_fd is not None:
                    os.close(self.owner_fd)
            finally:
                child.main(req, fd, parent)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        return pid

    def watch(self, conn, pid, timeout):
        """wait for the child, the deadline, the client's hang-up or our end"""
        pfd = _pidfd(pid)
        deadline = time.monotonic() + timeout
        timed_out = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            fds = [conn] + ([pfd] if pfd is not None else [])
            r, _, _ = select.select(fds, [], [], min(left, CHECK_S if pfd is not None else 0.005))
            if conn in r and not conn.recv(4096):
                kill_group(pid)
                _reap(pid)
                _close(pfd)
                return
            if pfd is None or pfd in r:
                w, status = os.waitpid(pid, os.WNOHANG)
                if w == pid:
                    _close(pfd)
                    return self.report(conn, status, False)
            if not self.alive():
                break
        kill_group(pid)
        status = _reap(pid)
        _close(pfd)
        self.report(conn, status, timed_out)

    def report(self, conn, status, timed_out):
        kill_leftovers()
        if os.WIFSIGNALED(status):
            msg = {"signal": os.WTERMSIG(status)}
        else:
            msg = {"exit": os.WEXITSTATUS(status)}
        if timed_out:
            msg["timed_out"] = True
        send(conn, msg)


def _pidfd(pid):
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _close(fd):
    if fd is not None:
        os.close(fd)


def _reap(pid):
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue


def kill_group(pid):
    for target in (-pid, pid):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass


def children():
    """the pids whose parent is this process"""
    try:
        with open("/proc/self/task/%d/children" % os.getpid()) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        pass
    out = []
    me = os.getpid()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                        out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def kill_leftovers():
    """kill and reap every descendant: as a subreaper we inherit them all"""
    for _ in range(10000):
        pids = children()
        for p in pids:
            kill_group(p)
        reaped = reap_all(block=bool(pids))
        if not pids and not reaped:
            return


def reap_all(block=False):
    n = 0
    while True:
        try:
            w, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return n
        if w == 0:
            return n
        n += 1
        block = False


def send(conn, obj):
    conn.sendall((json.dumps(obj) + "\n").encode())


def read_request(conn):
    """(request dict, fd) from one line with one SCM_RIGHTS fd; ValueError"""
    data, fds = b"", []
    while b"\n" not in data:
        if len(data) > MAX_LINE:
            raise ValueError("request line longer than %d bytes" % MAX_LINE)
        msg, anc, _flags, _addr = conn.recvmsg(65536, socket.CMSG_SPACE(16 * 4))
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                n = len(payload) - len(payload) % 4
                fds += list(memoryview(payload[:n]).cast("i"))
        if not msg:
            break
        data += msg
    try:
        if len(fds) != 1:
            raise ValueError("the request carries %d fds, not 1" % len(fds))
        req = json.loads(data.split(b"\n", 1)[0].decode("utf-8"))
        if not isinstance(req, dict) or not req.get("repo"):
            raise ValueError("the request is not an object with a repo")
    except ValueError:
        for fd in fds:
            os.close(fd)
        raise
    return req, fds[0]


def main(argv):
    ap = argparse.ArgumentParser(prog="menace_harness.worker")
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pidfile")
    ap.add_argument("--owner", type=int, default=0)
    a = ap.parse_args(argv)
    confine.set_subreaper()
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    w = Worker(a.socket, a.owner)
    if a.pidfile:
        tmp = a.pidfile + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(tmp, a.pidfile)
    try:
        return w.serve()
    finally:
        kill_leftovers()
