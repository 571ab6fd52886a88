"""util.py: helpers of the harness tests: a scratch repository from a dict
of files, one shared worker per test class, a request's summary."""
import os
import shutil
import tempfile
import textwrap
import unittest

import client


def make_repo(files):
    repo = tempfile.mkdtemp(prefix="menace-repo.")
    for path, text in files.items():
        full = os.path.join(repo, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(textwrap.dedent(text))
    return repo


class WorkerCase(unittest.TestCase):
    """a worker for the class; FILES is the repository"""
    FILES = {}

    @classmethod
    def setUpClass(cls):
        cls.repo = make_repo(cls.FILES)
        cls.pool = client.Pool()

    @classmethod
    def tearDownClass(cls):
        cls.pool.close()
        shutil.rmtree(cls.repo, ignore_errors=True)

    def run_req(self, module, scenario="high_latency_api", level="low", **kw):
        """(exit reply, summary or None, outcome lines, output)"""
        req = client.request(self.repo, module, scenario, level, **kw)
        self.addCleanup(shutil.rmtree, os.path.dirname(req["outcomes"]), True)
        hello, replies, out = self.pool.run(req)
        self.hello = hello
        lines = client.outcomes(req) if os.path.exists(req["outcomes"]) else []
        summary = lines[-1]["summary"] if lines and "summary" in lines[-1] else None
        self.assertEqual(list(replies[0]), ["pid"], replies)
        return replies[-1], summary, lines, out

    def outcome(self, summary, fn):
        return summary["functions"][fn]["outcome"]
