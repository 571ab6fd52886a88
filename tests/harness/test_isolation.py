"""The child is cut off (network, writes), killed with its group at the
timeout, leaves nothing behind, and nothing leaks from one child to the
next of the same worker."""
import os
import shutil
import socket
import time
import unittest

from util import WorkerCase, make_repo

LEAK_TEST = '''
import json
import os
import signal
import sys


def test_nothing_leaked_then_leak():
    assert "leaky_mod" not in sys.modules
    assert "LEAK" not in os.environ
    assert os.getcwd() == os.environ["EXPECT_CWD"]
    assert json.loads.__module__ == "json"
    assert signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL
    sys.modules["leaky_mod"] = sys
    os.environ["LEAK"] = "1"
    os.chdir("/")
    json.loads = lambda s: 42
    signal.signal(signal.SIGUSR1, lambda *a: None)
'''

NET_TEST = '''
import _socket
import os
import socket


def test_patched_connect_reaches_nothing():
    port = int(os.environ["PORT"])
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
        s.recv(100)
    except OSError:
        pass


def test_raw_connect_fails():
    port = int(os.environ["PORT"])
    s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        return
    raise AssertionError("connected to the test's listener")
'''

WRITE_TEST = '''
import os


def test_write_outside_denied():
    try:
        with open(os.environ["OUTSIDE"], "w") as f:
            f.write("x")
    except PermissionError:
        pass
    else:
        raise AssertionError("wrote outside")


def test_write_in_tmp_allowed():
    with open(os.path.join(os.environ["TMPDIR"], "f"), "w") as f:
        f.write("x")
'''

PROC_TEST = '''
import os
import subprocess
import time


def test_spawn_and_sleep():
    p = subprocess.Popen(["sleep", "30"])
    with open(os.path.join(os.environ["TMPDIR"], "..", "pids"), "a") as f:
        f.write("%d\\n" % p.pid)
    if os.environ.get("DETACH"):
        q = subprocess.Popen(["sleep", "30"], start_new_session=True)
        with open(os.path.join(os.environ["TMPDIR"], "..", "pids"), "a") as f:
            f.write("%d\\n" % q.pid)
        return
    time.sleep(30)
'''


def gone(pid, within=3.0):
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            with open("/proc/%d/stat" % pid) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.02)
    return False



def can_unshare_net():
    """whether this machine lets a process make a network namespace, the
    way confine.py tries: a plain one (privileged; also in a chroot, where
    a user namespace is refused), else inside a new user namespace"""
    import subprocess
    for flags in ("-n", "-Urn"):
        try:
            if subprocess.run(["unshare", flags, "true"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                return True
        except OSError:
            return False
    return False

class Isolation(WorkerCase):
    FILES = {"mod.py": "X = 1\n", "tests/test_leak.py": LEAK_TEST,
             "tests/test_net.py": NET_TEST, "tests/test_write.py": WRITE_TEST,
             "tests/test_proc.py": PROC_TEST}

    def req_for(self, name, **kw):
        env_extra = kw.pop("env_extra", {})
        from client import request
        req = request(self.repo, "mod.py", test=os.path.join(self.repo, "tests", name), **kw)
        req["env"].update(env_extra)
        return req

    def send(self, req):
        import shutil
        self.addCleanup(shutil.rmtree, os.path.dirname(req["outcomes"]), True)
        hello, replies, out = self.pool.run(req)
        return replies, out

    def test_no_leak_between_children(self):
        for _ in range(2):
            req = self.req_for("test_leak.py", env_extra={"EXPECT_CWD": self.repo})
            replies, out = self.send(req)
            self.assertEqual(replies[-1], {"exit": 0}, out)

    def test_network_denied(self):
        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(1)
        lst.settimeout(0.3)
        self.addCleanup(lst.close)
        req = self.req_for("test_net.py", env_extra={"PORT": str(lst.getsockname()[1])})
        replies, out = self.send(req)
        self.assertEqual(replies[-1], {"exit": 0}, out)
        with open(req["outcomes"]) as f:
            head = f.readline()
        # a namespace wherever this machine can make one (root, or
        # unprivileged user namespaces allowed); else a weaker cut-off
        if can_unshare_net():
            self.assertIn('"network": "namespace"', head)
        else:
            self.assertRegex(head, '"network": "(landlock|socket)"')
        self.assertRaises(socket.timeout, lst.accept)

    def test_writes_outside_denied(self):
        outside = os.path.join(self.repo, "written")
        req = self.req_for("test_write.py", env_extra={"OUTSIDE": outside})
        replies, out = self.send(req)
        self.assertEqual(replies[-1], {"exit": 0}, out)
        self.assertFalse(os.path.exists(outside))

    def pids(self, req):
        with open(os.path.join(os.path.dirname(req["outcomes"]), "pids")) as f:
            return [int(x) for x in f.read().split()]

    def test_timeout_kills_the_group(self):
        req = self.req_for("test_proc.py", timeout=1.0)
        t = time.monotonic()
        replies, out = self.send(req)
        self.assertLess(time.monotonic() - t, 5)
        self.assertEqual(replies[-1], {"signal": 9, "timed_out": True})
        for pid in self.pids(req):
            self.assertTrue(gone(pid), pid)

    def test_setsid_grandchild_killed(self):
        req = self.req_for("test_proc.py", env_extra={"DETACH": "1"})
        t = time.monotonic()
        replies, out = self.send(req)
        self.assertLess(time.monotonic() - t, 5, "a leftover held the output open")
        self.assertEqual(replies[-1], {"exit": 0}, out)
        pids = self.pids(req)
        self.assertEqual(len(pids), 2)
        for pid in pids:
            self.assertTrue(gone(pid, 0.5), pid)

    def test_hang_up_kills_the_child(self):
        req = self.req_for("test_proc.py")
        import json
        self.pool.home(req)
        s, f, hello = self.pool.connect()
        r, w = os.pipe()
        socket.send_fds(s, [(json.dumps(req) + "\n").encode()], [w])
        os.close(w)
        pid = json.loads(f.readline())["pid"]
        time.sleep(0.3)
        f.close()
        s.close()
        self.assertTrue(gone(pid), pid)
        os.close(r)
        replies, out = self.send(self.req_for("test_write.py", env_extra={"OUTSIDE": os.path.join(self.repo, "w2")}))
        self.assertEqual(replies[-1], {"exit": 0}, out)


class WorkerLife(unittest.TestCase):
    def test_exits_when_socket_removed(self):
        import client
        pool = client.Pool()
        self.addCleanup(pool.close)
        os.unlink(pool.sock)
        self.assertEqual(pool.proc.wait(timeout=5), 0)

    def test_exits_when_owner_dies(self):
        import subprocess
        import client
        owner = subprocess.Popen(["sleep", "30"])
        pool = client.Pool(owner=owner.pid)
        self.addCleanup(pool.close)
        owner.kill()
        owner.wait()
        self.assertEqual(pool.proc.wait(timeout=5), 0)

    def test_wider_writes_refused(self):
        """a request (a self-test's child can send one to an idle worker)
        whose writable directory or outcomes file is not the worker's home
        is refused: no child runs, nothing is written"""
        import client
        import tempfile
        pool = client.Pool()
        self.addCleanup(pool.close)
        repo = make_repo({"mod.py": "X = 1\n", "tests/test_w.py": WRITE_TEST})
        self.addCleanup(shutil.rmtree, repo, True)
        outside = tempfile.mkdtemp(prefix="menace-outside.")
        self.addCleanup(shutil.rmtree, outside, True)
        target = os.path.join(outside, "written")
        for widen in ("writable", "outcomes"):
            req = client.request(repo, "mod.py", test=os.path.join(repo, "tests", "test_w.py"))
            req["env"]["OUTSIDE"] = target
            pool.home(req)
            if widen == "writable":
                req["writable"] = [outside]
            else:
                req["outcomes"] = os.path.join(outside, "outcomes.jsonl")
            hello, replies, out = pool.run(req, own_home=False)
            self.assertEqual(len(replies), 1, (widen, replies, out))
            self.assertIn("error", replies[0], widen)
            self.assertIn("this worker's", replies[0]["error"], widen)
            self.assertEqual(os.listdir(outside), [], widen)

    def test_request_without_fd_refused(self):
        import json
        import client
        pool = client.Pool()
        self.addCleanup(pool.close)
        s, f, hello = pool.connect()
        self.assertEqual(hello["pid"], pool.proc.pid)
        s.sendall(b'{"repo": "/"}\n')
        self.assertEqual(json.loads(f.readline()), {"error": "the request carries 0 fds, not 1"})
        s.close()


if __name__ == "__main__":
    unittest.main()
