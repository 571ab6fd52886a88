"""The test runners (pytest in-process when the worker has it, the builtin
runner otherwise) and the stub runner's import, outcomes and limits."""
import os
import unittest

from util import WorkerCase

PKG_TESTS = '''
import pytest_free_helper


def test_ok():
    assert pytest_free_helper.X == 1


def test_payloads(hostile_payloads):
    assert None in hostile_payloads and "" in hostile_payloads


def test_bad():
    assert False


def test_fixture_needed(tmp_path):
    assert tmp_path
'''

STUBS = '''
import time


class Box:
    def __init__(self, size: int = 2):
        self.size = size

    def area(self) -> int:
        return self.size * self.size


def spin():
    while True:
        pass


def needs_something(thing):
    return thing


async def later(n: int) -> int:
    return n


def _private():
    raise AssertionError("never called")
'''


FIXTURE_TESTS = '''
import logging


def test_plugin_of_the_repo(from_repo_plugin):
    assert from_repo_plugin == 42


def test_pytest_fixtures(tmpdir, tmp_path, capsys, caplog, monkeypatch, pytestconfig,
                         record_property, recwarn, request):
    print("out")
    logging.getLogger("x").warning("logged")
    monkeypatch.setenv("MENACE_FX", "1")
    record_property("k", "v")
    assert capsys.readouterr().out == "out\\n"
    assert "logged" in caplog.text
    assert tmpdir.check(dir=1) and tmp_path.is_dir()
    assert pytestconfig.getoption("verbose") < 0 and request.node.name == "test_pytest_fixtures"


def test_conftest_hooks(pytestconfig, request):
    assert pytestconfig.menace_configured and request.node.menace_marked
'''

CONFTEST_HOOKS = '''
def pytest_configure(config):
    config.menace_configured = True


def pytest_collection_modifyitems(items):
    for item in items:
        item.menace_marked = True
'''


class PytestPrepared(WorkerCase):
    """what the worker prepares for pytest (rules/harness/pytestwarm.py)
    changes nothing a run sees: the fixtures of pytest's own plugins, the
    modules and the classes, a pytest plugin installed in the repository
    itself (a distribution the worker never read), and the repository's
    conftest hooks, each called with the arguments it names"""
    FILES = {"repo_plugin_menace.py": "import pytest\n\n\n@pytest.fixture\n"
                                      "def from_repo_plugin():\n    return 42\n",
             "repo_plugin_menace-1.0.dist-info/METADATA": "Metadata-Version: 2.1\n"
                                                          "Name: repo-plugin-menace\nVersion: 1.0\n",
             "repo_plugin_menace-1.0.dist-info/entry_points.txt": "[pytest11]\n"
                                                                  "repo_plugin = repo_plugin_menace\n",
             "mod.py": "X = 1\n",
             "tests/conftest.py": CONFTEST_HOOKS,
             "tests/test_mod.py": FIXTURE_TESTS}

    def test_fixtures_and_repo_plugin(self):
        s, f, hello = self.pool.connect()
        f.close()
        s.close()
        if not hello["pytest"]:
            self.skipTest("the worker's python has no pytest")
        for _ in range(2):  # the second child starts from the same worker
            rep, summ, _, out = self.run_req("mod.py", test=os.path.join(self.repo, "tests", "test_mod.py"),
                                             runner="pytest")
            self.assertEqual(rep, {"exit": 0}, out)
            self.assertEqual(summ["tests"], {"passed": 3, "failed": 0}, out)

CAPTURE_TESTS = '''
import os


def test_fd_capture():
    print("via print")
    os.write(1, b"via fd 1\\n")
    assert os.readlink("/proc/self/fd/1").startswith("/memfd:pytest-capture")
    assert False, "show what was captured"
'''


class PytestCapture(WorkerCase):
    """pytest's fd capture (its default) writes to memfds, not to
    temporary files in TMPDIR (an inode made and freed twice a self-test),
    and still catches what a test writes to fd 1 as well as to sys.stdout"""
    FILES = {"mod.py": "X = 1\n", "tests/test_mod.py": CAPTURE_TESTS}

    def test_capture_in_memory(self):
        s, f, hello = self.pool.connect()
        f.close()
        s.close()
        if not hello["pytest"]:
            self.skipTest("the worker's python has no pytest")
        rep, summ, _, out = self.run_req("mod.py", test=os.path.join(self.repo, "tests", "test_mod.py"),
                                         runner="pytest")
        self.assertEqual(rep, {"exit": 1}, out)
        self.assertEqual(summ["tests"], {"passed": 0, "failed": 1}, out)
        self.assertIn("AssertionError: show what was captured", out)
        section = out[out.index("Captured stdout call"):]
        self.assertIn("via print", section)
        self.assertIn("via fd 1", section)


class Runners(WorkerCase):
    FILES = {"pytest_free_helper.py": "X = 1\n",
             "tests/test_helper.py": PKG_TESTS,
             "tests/test_empty.py": "X = 1\n",
             "tests/test_broken.py": "import nowhere_to_be_found\n",
             "conf/conftest.py": "raise RuntimeError('conftest ran')\n",
             "conf/test_c.py": "def test_c():\n    pass\n",
             "stubs.py": STUBS,
             "broken.py": "import nowhere_to_be_found\n",
             "top.py": "from . import pytest_free_helper\n\ndef x() -> int:\n    return pytest_free_helper.X\n"}

    def tfile(self, *p):
        return os.path.join(self.repo, *p)

    def runner(self):
        s, f, hello = self.pool.connect()
        f.close()
        s.close()
        return "pytest" if hello["pytest"] else "builtin"

    def test_counts_and_payload_fixture(self):
        r = self.runner()
        rep, s, _, out = self.run_req("pytest_free_helper.py", "hostile_input",
                                      test=self.tfile("tests", "test_helper.py"), runner=r)
        self.assertEqual(rep, {"exit": 1}, out)
        want = {"passed": 2, "failed": 2} if r == "builtin" else {"passed": 2, "failed": 1}
        if r == "pytest":
            want = {"passed": 3, "failed": 1}
        self.assertEqual(s["tests"], want, out)
        self.assertEqual(s["failures"], want["failed"])

    def test_args_select(self):
        rep, s, _, out = self.run_req("pytest_free_helper.py", test=self.tfile("tests", "test_helper.py"),
                                      runner=self.runner(), args="-k 'ok or payloads'")
        self.assertEqual(rep, {"exit": 0}, out)
        self.assertEqual(s["tests"], {"passed": 2, "failed": 0})

    def test_builtin_runner_without_pytest(self):
        rep, s, _, out = self.run_req("pytest_free_helper.py", test=self.tfile("tests", "test_helper.py"),
                                      runner="builtin")
        self.assertIn("needs fixtures (tmp_path); pytest is not installed", out)
        self.assertEqual(s["tests"], {"passed": 2, "failed": 2})

    def test_no_tests_and_broken_file(self):
        for r in ("builtin", self.runner()):
            rep, s, _, _ = self.run_req("pytest_free_helper.py", test=self.tfile("tests", "test_empty.py"), runner=r)
            self.assertEqual(rep, {"exit": 5})
            rep, s, _, _ = self.run_req("pytest_free_helper.py", test=self.tfile("tests", "test_broken.py"), runner=r)
            self.assertEqual(rep, {"exit": 2})
            self.assertEqual(s["import"], "failed")
            self.assertEqual(s["failures"], 1)

    def test_conftest_setting(self):
        if self.runner() != "pytest":
            self.skipTest("the worker's python has no pytest")
        rep, s, _, out = self.run_req("pytest_free_helper.py", test=self.tfile("conf", "test_c.py"), runner="pytest")
        self.assertEqual(rep, {"exit": 2}, out)
        self.assertIn("conftest ran", out)
        rep, s, _, out = self.run_req("pytest_free_helper.py", test=self.tfile("conf", "test_c.py"), runner="pytest",
                                      conftest=False)
        self.assertEqual(rep, {"exit": 0}, out)

    def test_stub_outcomes(self):
        rep, s, lines, out = self.run_req("stubs.py", call_timeout=0.3)
        self.assertEqual(rep, {"exit": 1}, out)
        f = s["functions"]
        self.assertEqual(f["spin"], {"outcome": "hung", "hung": 1})
        self.assertEqual(f["needs_something"]["outcome"], "skipped")
        self.assertEqual(f["later"]["outcome"], "returned")
        self.assertEqual(f["Box"]["outcome"], "returned")
        self.assertEqual(f["Box.area"]["outcome"], "returned")
        self.assertNotIn("_private", f)
        self.assertEqual(lines[0]["runner"], "stub")
        self.assertEqual(lines[1], {"call": "stubs:spin", "n": 0})
        self.assertEqual(lines[2]["done"], "stubs:spin")
        self.assertEqual(s["failures"], 1)

    def test_stub_hung_twice_skips_the_rest(self):
        rep, s, lines, out = self.run_req("stubs.py", "hostile_input", call_timeout=0.2)
        self.assertEqual(s["functions"]["spin"]["outcome"], "hung")
        self.assertEqual(s["functions"]["spin"].get("hung"), 1)

    def test_import_failure_fails(self):
        rep, s, lines, out = self.run_req("broken.py")
        self.assertEqual(rep, {"exit": 2})
        self.assertEqual(s["import"], "failed")
        self.assertIn("nowhere_to_be_found", s["error"])
        self.assertEqual(s["failures"], 1)

    def test_top_level_relative_import(self):
        rep, s, lines, out = self.run_req("top.py")
        self.assertEqual(rep, {"exit": 0}, out)
        self.assertEqual(s["functions"]["x"], {"outcome": "returned", "returned": 1})


if __name__ == "__main__":
    unittest.main()
