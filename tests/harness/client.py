"""client.py: the self-test worker's client as the C side is, for tests and
by hand, without menace:

    python3 tests/harness/client.py REQUEST.json [PYTHON]

starts a worker of PYTHON (default: this interpreter) on a private pool
directory, sends REQUEST.json (the keys the request lacks get defaults), and
prints the replies, the child's output and the outcomes file."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HARNESS = os.path.join(TOP, "rules", "harness")


class Pool:
    """one worker on a fresh pool directory, started as menace starts it"""

    def __init__(self, python=None, owner=None):
        self.dir = tempfile.mkdtemp(prefix="menace-pool.")
        pkg = os.path.join(self.dir, "py", "menace_harness")
        os.makedirs(pkg)
        for name in os.listdir(HARNESS):
            if name.endswith(".py"):
                shutil.copy(os.path.join(HARNESS, name), pkg)
        os.makedirs(os.path.join(self.dir, "home"))
        self.sock = os.path.join(self.dir, "w0.sock")
        self.pidfile = os.path.join(self.dir, "w0.pid")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": os.path.join(self.dir, "home"), "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
        code = ("import sys; sys.path.insert(0, sys.argv[1]); from menace_harness import worker; "
                "sys.exit(worker.main(sys.argv[2:]))")
        self.log = open(os.path.join(self.dir, "w0.log"), "ab")
        self.proc = subprocess.Popen(
            [python or sys.executable, "-c", code, os.path.join(self.dir, "py"),
             "--socket", self.sock, "--pidfile", self.pidfile,
             "--owner", str(owner if owner is not None else os.getpid())],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, env=env)
        deadline = time.monotonic() + 30
        while not os.path.exists(self.pidfile):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("worker did not start: %s" % self.logtext())
            time.sleep(0.01)

    def logtext(self):
        with open(os.path.join(self.dir, "w0.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.sock)
        f = s.makefile("rb")
        hello = json.loads(f.readline())
        return s, f, hello

    def home(self, req):
        """req's scratch directory moved to the worker's own, POOLDIR/w0.home
        (emptied, as the C side does), the only one a worker lets its child
        write; req is changed in place, its scratch directory removed"""
        home = os.path.join(self.dir, "w0.home")
        shutil.rmtree(home, ignore_errors=True)
        for d in ("home", "tmp"):
            os.makedirs(os.path.join(home, d))
        scratch = req["writable"][0]
        for k in ("HOME", "TMPDIR", "TMP", "TEMP"):
            if str(req["env"].get(k, "")).startswith(scratch):
                req["env"][k] = home + req["env"][k][len(scratch):]
        if str(req.get("outcomes", "")).startswith(scratch):
            req["outcomes"] = home + req["outcomes"][len(scratch):]
        req["writable"] = [home]
        if os.path.basename(scratch).startswith("menace-selftest."):
            shutil.rmtree(scratch, ignore_errors=True)

    def run(self, req, own_home=True):
        """send req (moved to the worker's home unless own_home is False);
        (hello, replies, output text)"""
        if own_home and req.get("writable") and req["writable"][0] != os.path.join(self.dir, "w0.home"):
            self.home(req)
        s, f, hello = self.connect()
        r, w = os.pipe()
        try:
            line = (json.dumps(req) + "\n").encode()
            socket.send_fds(s, [line], [w]) if hasattr(socket, "send_fds") else \
                s.sendmsg([line], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, w.to_bytes(4, sys.byteorder))])
        finally:
            os.close(w)
        chunks = []
        reader = threading.Thread(target=_drain, args=(r, chunks))
        reader.start()
        replies = [json.loads(x) for x in f]
        f.close()
        s.close()
        reader.join()
        os.close(r)
        return hello, replies, b"".join(chunks).decode("utf-8", "replace")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def _drain(fd, chunks):
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        chunks.append(chunk)


def request(repo, module, scenario="high_latency_api", level="low", test=None,
            runner=None, preset=None, seed=1234567, **extra):
    """a complete request with the C side's defaults; a scratch dir for writes"""
    scratch = tempfile.mkdtemp(prefix="menace-selftest.")
    for d in ("home", "tmp"):
        os.makedirs(os.path.join(scratch, d))
    name = module[:-3].replace("/", ".")
    if name.endswith(".__init__"):
        name = name[:-9]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.path.join(scratch, "home"),
           "TMPDIR": os.path.join(scratch, "tmp"), "LANG": "C.UTF-8", "PYTHONPATH": repo,
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
    preset = dict(preset if preset is not None else PRESETS[scenario][level])
    env.update(preset)
    req = {"module": module, "name": name, "repo": repo, "cwd": repo, "test": test,
           "runner": runner or ("stub" if not test else "builtin"),
           "scenario": scenario, "level": level, "preset": preset, "seed": seed,
           "timeout": 60.0, "call_timeout": 2.0, "env": env, "writable": [scratch],
           "mem_bytes": 0, "cpu_seconds": 0,
           "outcomes": os.path.join(scratch, "outcomes.jsonl"), "args": "",
           "conftest": True, "edge_cases": None}
    req.update(extra)
    return req


def outcomes(req):
    with open(req["outcomes"]) as f:
        return [json.loads(x) for x in f]


def _p(**kw):
    return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in kw.items()}


PRESETS = {
    "high_latency_api": {
        "low": _p(SCENARIO_NAME="high_latency_api", NETWORK_LATENCY_MS=200, NETWORK_JITTER_MS=20,
                  PACKET_LOSS=0.05, API_LATENCY_MS=500, FAILURE_MODES="api_latency", THREAT_INTENSITY=30),
        "high": _p(SCENARIO_NAME="high_latency_api", NETWORK_LATENCY_MS=500, NETWORK_JITTER_MS=50,
                   PACKET_LOSS=0.1, API_LATENCY_MS=1000, FAILURE_MODES="api_latency", THREAT_INTENSITY=70)},
    "hostile_input": {
        "low": _p(SCENARIO_NAME="hostile_input", FAILURE_MODES="hostile_input", SANDBOX_STUB_STRATEGY="hostile",
                  PAYLOAD_INDICATOR="corrupted_bytes", MALICIOUS_DATA=True, THREAT_INTENSITY=30),
        "high": _p(SCENARIO_NAME="hostile_input", FAILURE_MODES="hostile_input", SANDBOX_STUB_STRATEGY="hostile",
                   PAYLOAD_INDICATOR="corrupted_bytes", MALICIOUS_DATA=True, THREAT_INTENSITY=50)},
    "user_misuse": {
        "low": _p(SCENARIO_NAME="user_misuse", FAILURE_MODES="user_misuse", SANDBOX_STUB_STRATEGY="misuse",
                  INVALID_CONFIG=True, INVALID_PARAM_TYPES=True, UNEXPECTED_API_CALLS=True, THREAT_INTENSITY=20)},
    "concurrency_spike": {
        "low": _p(SCENARIO_NAME="concurrency_spike", THREAD_BURST=10, ASYNC_TASK_BURST=20, MAX_THREADS=100,
                  CPU_SPIKE=True, CONCURRENCY_LEVEL=20, THREAT_INTENSITY=30)},
    "schema_drift": {
        "low": _p(SCENARIO_NAME="schema_drift", FAILURE_MODES="schema_drift", SCHEMA_MISMATCHES=5,
                  SCHEMA_CHECKS=100, THREAT_INTENSITY=20, SANDBOX_STUB_STRATEGY="legacy_schema")},
    "flaky_upstream": {
        "low": _p(SCENARIO_NAME="flaky_upstream", FAILURE_MODES="flaky_upstream", UPSTREAM_FAILURES=1,
                  UPSTREAM_REQUESTS=20, THREAT_INTENSITY=20, SANDBOX_STUB_STRATEGY="flaky_upstream"),
        "high": _p(SCENARIO_NAME="flaky_upstream", UPSTREAM_FAILURES=5, UPSTREAM_REQUESTS=20,
                   THREAT_INTENSITY=40, SANDBOX_STUB_STRATEGY="flaky_upstream")},
}


def main(argv):
    with open(argv[0]) as f:
        given = json.load(f)
    req = request(given["repo"], given["module"], **{k: v for k, v in given.items()
                                                      if k not in ("repo", "module")})
    pool = Pool(argv[1] if len(argv) > 1 else None)
    try:
        hello, replies, out = pool.run(req)
        print(json.dumps(hello))
        for r in replies:
            print(json.dumps(r))
        sys.stdout.write(out)
        for o in outcomes(req):
            print(json.dumps(o))
    finally:
        pool.close()
        shutil.rmtree(os.path.dirname(req["outcomes"]), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
