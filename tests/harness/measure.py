"""measure.py: the cost of one self-test through a worker, send to exit
reply, median of N runs (not a test):

    python3 tests/harness/measure.py [PYTHON] [N]

prints the milliseconds for a trivial test file under pytest (when PYTHON
has it) and the builtin runner, and for a stub run of a small module."""
import os
import shutil
import statistics
import sys
import time

import client
from util import make_repo

FILES = {"small.py": "def add(a: int, b: int) -> int:\n    return a + b\n\n\n"
                     "def name(s: str) -> str:\n    return s.title()\n",
         "tests/test_small.py": "from small import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"}


def timed(pool, req):
    t = time.perf_counter()
    _, replies, out = pool.run(req)
    ms = (time.perf_counter() - t) * 1000
    assert replies[-1] == {"exit": 0}, (replies, out)
    return ms


def main(argv):
    python = argv[0] if argv else sys.executable
    n = int(argv[1]) if len(argv) > 1 else 20
    repo = make_repo(FILES)
    pool = client.Pool(python)
    try:
        s, f, hello = pool.connect()
        f.close()
        s.close()
        kinds = [("builtin", "tests/test_small.py"), ("stub", None)]
        if hello["pytest"]:
            kinds.insert(0, ("pytest", "tests/test_small.py"))
        print("%s %s pytest %s" % (hello["python"], hello["version"], hello["pytest"]))
        for runner, test in kinds:
            times = []
            for i in range(n + 2):
                req = client.request(repo, "small.py", "high_latency_api", "low", runner=runner,
                                     test=os.path.join(repo, test) if test else None)
                ms = timed(pool, req)
                shutil.rmtree(os.path.dirname(req["outcomes"]), True)
                if i >= 2:
                    times.append(ms)
            print("%-8s median %.1f ms  min %.1f  max %.1f  (n=%d)" % (
                runner, statistics.median(times), min(times), max(times), n))
    finally:
        pool.close()
        shutil.rmtree(repo, True)


if __name__ == "__main__":
    main(sys.argv[1:])
