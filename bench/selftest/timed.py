#!/usr/bin/env python3
"""Run one command and append "WALL CPU EXIT" to OUT: WALL the seconds until
the command exited, CPU the user+sys seconds of every process it started.

/usr/bin/time counts only the descendants that were waited for up the chain;
a preloaded worker that outlives its parent (re-parented, detached) would be
missed. This runner is a child subreaper (PR_SET_CHILD_SUBREAPER), so every
orphan comes back to it: after the command exits it reaps them all (waiting
at most LINGER seconds, default 30, then SIGKILL) before reading
RUSAGE_CHILDREN. Exits with the command's status.

usage: timed.py OUT COMMAND [ARG...]"""
import ctypes
import os
import resource
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def reap_orphans(linger):
    """Wait for every remaining descendant; kill them after LINGER seconds."""
    deadline = time.monotonic() + linger
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        if time.monotonic() > deadline:
            sys.stderr.write("timed.py: descendants still running after %gs: killed\n" % linger)
            for line in os.popen("ps -o pid= --ppid %d" % os.getpid()):
                try:
                    os.kill(int(line), signal.SIGKILL)
                except (ValueError, ProcessLookupError):
                    pass
            deadline = time.monotonic() + linger
        time.sleep(0.05)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("timed.py: prctl(PR_SET_CHILD_SUBREAPER): %s" % os.strerror(ctypes.get_errno()))
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(sys.argv[2], sys.argv[2:])
        finally:
            sys.stderr.write("timed.py: cannot run '%s'\n" % sys.argv[2])
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    wall = time.monotonic() - start
    reap_orphans(float(os.environ.get("LINGER", "30")))
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        code = 128 - code
    with open(sys.argv[1], "a") as f:
        f.write("%.3f %.3f %d\n" % (wall, ru.ru_utime + ru.ru_stime, code))
    sys.exit(code)


if __name__ == "__main__":
    main()
