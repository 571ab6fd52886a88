"""worker.py: STAND-IN written by the stclient helper to test the C client's
protocol (docs: the issue 14 contract); the harness helper's files replace
it. One worker: preloads pytest, listens on --socket, forks one child per
request (its stdout+stderr the pipe fd passed by SCM_RIGHTS), replies
{"pid"} then {"exit"}/{"signal"} (+ "timed_out"), kills leftovers."""
import array
import ctypes
import json
import os
import select
import signal
import socket
import sys
import time

try:
    import pytest  # preload
except Exception:
    pytest = None

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
libc = ctypes.CDLL(None, use_errno=True)


def arg(argv, name):
    return argv[argv.index(name) + 1]


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def children():
    try:
        with open("/proc/self/task/%d/children" % os.getpid()) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def reap_all():
    while True:
        kids = children()
        for p in kids:
            for target in (-p, p):
                try:
                    os.kill(target, signal.SIGKILL)
                except OSError:
                    pass
        try:
            pid, _ = os.waitpid(-1, 0 if kids else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0 and not kids:
            return


def recv_request(conn):
    data = b""
    fds = array.array("i")
    while not data.endswith(b"\n"):
        msg, anc, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(4 * 4))
        if not msg:
            return None, None
        for level, kind, cdata in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(cdata[:len(cdata) - len(cdata) % 4])
        data += msg
    return json.loads(data), (fds[0] if fds else None)


def send(conn, obj):
    conn.sendall((json.dumps(obj) + "\n").encode())


def serve(conn):
    send(conn, {"hello": 1, "pid": os.getpid(), "python": sys.executable,
                "version": "%d.%d.%d" % sys.version_info[:3],
                "pytest": pytest.__version__ if pytest else None})
    req, fd = recv_request(conn)
    if req is None or fd is None:
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            conn.close()
            from menace_harness import child
            code = child.run(req, fd)
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 3
        os._exit(code)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    os.close(fd)
    send(conn, {"pid": pid})
    deadline = time.monotonic() + float(req.get("timeout", 300))
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        left = deadline - time.monotonic()
        if left <= 0 and not timed_out:
            timed_out = True
            os.killpg(pid, signal.SIGKILL)
            continue
        r, _, _ = select.select([conn], [], [], max(0.0, min(0.01, left)))
        if r and not conn.recv(1, socket.MSG_PEEK):
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return
    reply = {"exit": os.waitstatus_to_exitcode(status)}
    if os.WIFSIGNALED(status):
        reply = {"signal": os.WTERMSIG(status)}
    if timed_out:
        reply["timed_out"] = True
    try:
        send(conn, reply)
    except OSError:
        pass


def main(argv):
    sock_path, pidfile = arg(argv, "--socket"), arg(argv, "--pidfile")
    owner = int(arg(argv, "--owner"))
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with open(pidfile + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(pidfile + ".tmp", pidfile)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(8)
    srv.settimeout(0.5)
    while os.path.exists(sock_path) and alive(owner):
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        try:
            serve(conn)
        except OSError:
            pass
        finally:
            conn.close()
            reap_all()
    reap_all()
    return 0
