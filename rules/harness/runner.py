"""runner.py: a self-test's test file, run in the child: pytest in-process
when the request says "pytest", else the builtin runner (the logic of the
former rules/pydriver.c): module-level test* functions (async too), the
test* methods of Test* classes without __init__ (setup_method and
teardown_method honoured), unittest.TestCase classes. Under the builtin
runner a test asking for `hostile_payloads` gets them; any other argument
(a pytest fixture) fails the test with a note. SELF_TEST_ARGS: pytest takes
them all; the builtin runner understands -k EXPRESSION (and, or, not,
parentheses, substrings of the test's name) and ignores the rest with a
note. Exit: 0 passed, 1 a test failed, 2 the file does not import or
collect (pytest's usage error too), 5 no tests, 3 pytest's internal error."""
import importlib.util
import inspect
import os
import re
import shlex
import sys
import traceback
import unittest

from .effects import call_through
from .outcomes import describe

PYTEST_EXIT = {0: 0, 1: 1, 2: 2, 3: 3, 4: 2, 5: 5}


class Plugin:
    """the pytest plugin of a self-test: the hostile_payloads fixture, the
    seeded streams per test, the pass and fail counts"""

    def __init__(self, effects, counts):
        import pytest
        self.fx = effects
        self.counts = counts

        @pytest.fixture
        def hostile_payloads():
            return [v for _, v in effects.payloads.values]
        self.hostile_payloads = hostile_payloads

    def pytest_runtest_setup(self, item):
        self.fx.enter(item.nodeid)

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.counts["failed"] += 1
        elif report.passed and report.when == "call":
            self.counts["passed"] += 1

    def pytest_collectreport(self, report):
        if report.failed:
            self.counts["collect_errors"] = self.counts.get("collect_errors", 0) + 1


def run_pytest(req, effects, counts):
    import pytest
    argv = ["-q", "-p", "no:cacheprovider", "--rootdir", req["repo"]]
    if req.get("conftest") is False:
        argv.append("--noconftest")
    argv.append(req["test"])
    argv += shlex.split(req.get("args") or "")
    rc = int(pytest.main(argv, plugins=[Plugin(effects, counts)]))
    counts.pop("collect_errors", None)
    return PYTEST_EXIT.get(rc, 3)


def keyword_filter(args):
    """a predicate on test names from -k EXPR in args (None: every test)"""
    expr = None
    it = iter(args)
    for a in it:
        if a == "-k":
            expr = next(it, None)
        elif a.startswith("-k") and len(a) > 2:
            expr = a[2:]
        else:
            print("menace builtin runner: ignoring SELF_TEST_ARGS '%s'" % a)
    if not expr:
        return None
    tokens = re.findall(r"\(|\)|[^\s()]+", expr)
    code = []
    for t in tokens:
        if t in ("and", "or", "not", "(", ")"):
            code.append(t)
        else:
            code.append("(%r in name)" % t.lower())
    text = " ".join(code)
    compile(text, "-k", "eval")
    return lambda name: eval(text, {"__builtins__": {}}, {"name": name.lower()})


def _call(label, fn, effects):
    want = {}
    for p in inspect.signature(fn).parameters.values():
        if p.default is not p.empty or p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            continue
        if p.name != "hostile_payloads":
            raise TypeError("%s needs fixtures (%s); pytest is not installed" % (label, p.name))
        want[p.name] = [v for _, v in effects.payloads.values]
    call_through(fn, [], want)


def collect(mod):
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


def run_case(label, case, effects):
    if isinstance(case, unittest.TestCase):
        res = unittest.TestResult()
        case.run(res)
        bad = res.errors + res.failures + res.unexpectedSuccesses
        if bad:
            raise AssertionError("".join(b[1] if isinstance(b, tuple) else str(b) for b in bad))
    elif isinstance(case, tuple):
        inst = case[0]()
        method = getattr(inst, case[1])
        if hasattr(inst, "setup_method"):
            inst.setup_method(method)
        try:
            _call(label, method, effects)
        finally:
            if hasattr(inst, "teardown_method"):
                inst.teardown_method(method)
    else:
        _call(label, case, effects)


def run_builtin(req, effects, counts):
    path = os.path.abspath(req["test"])
    name = os.path.splitext(os.path.basename(path))[0]
    sys.path.insert(0, os.path.dirname(path))
    print("menace builtin runner (pytest not installed): %s" % path)
    try:
        keep = keyword_filter(shlex.split(req.get("args") or ""))
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    except BaseException as e:
        traceback.print_exc()
        print("ERROR collecting %s" % path)
        return 2, describe(e)
    for label, case in collect(mod):
        if keep and not keep(label):
            continue
        effects.enter("%s::%s" % (os.path.basename(path), label))
        try:
            run_case(label, case, effects)
        except BaseException:
            counts["failed"] += 1
            print("FAILED %s" % label)
            traceback.print_exc()
        else:
            counts["passed"] += 1
            print("PASSED %s" % label)
    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    if counts["failed"]:
        return 1, None
    return (0 if counts["passed"] else 5), None
