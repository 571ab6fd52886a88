"""stubs.py: the stub test of a module without a test file. It imports the
module by its dotted name (a top-level module with a relative import under a
synthetic root package whose __path__ is [repo], as discovery treats the
repo root); an import failure fails the self-test (exit 2). Then it calls
every public function, class and public method of a constructed instance
that the module defines itself, with the scenario's strategy
(strategies.py), each call recorded: `call` before, `done` after. A call
past call_timeout is interrupted by SIGALRM and is `hung`; after two hung
calls a function's remaining calls are skipped."""
import importlib
import inspect
import signal
import sys
import types

from . import strategies
from .effects import call_through
from .outcomes import FAILING, classify, describe, print_error

ROOT_PACKAGE = "_menace_repo"
MAX_HUNG = 2


class Hung(BaseException):
    """raised by SIGALRM in a call past its time"""


def _alarm(signum, frame):
    raise Hung()


def import_module(name, repo):
    """the module, imported; raises what the import raised"""
    try:
        return importlib.import_module(name)
    except ImportError as e:
        if "no known parent package" not in str(e) or "." in name:
            raise
    for k in [k for k in sys.modules if k == name]:
        del sys.modules[k]
    root = types.ModuleType(ROOT_PACKAGE)
    root.__path__ = [repo]
    root.__package__ = ROOT_PACKAGE
    sys.modules[ROOT_PACKAGE] = root
    return importlib.import_module(ROOT_PACKAGE + "." + name)


def targets(mod, strategy):
    """[(qualname, callable)] in definition order: functions, classes (their
    constructor), then each class's public methods on an instance built the
    basic way (reversed under misuse: calls out of order)"""
    funcs, classes = [], []
    for key, obj in list(vars(mod).items()):
        if key.startswith("_") or getattr(obj, "__module__", None) != mod.__name__:
            continue
        if inspect.isclass(obj):
            classes.append((key, obj))
        elif inspect.isfunction(obj):
            funcs.append((key, obj))
    out = funcs + classes
    for key, cls in classes:
        methods = [(key + "." + m, m) for m, f in vars(cls).items()
                   if not m.startswith("_") and inspect.isfunction(f)]
        if strategy == "misuse":
            methods.reverse()
        for qual, m in methods:
            out.append((qual, (cls, m)))
    return out


class StubRun:
    def __init__(self, name, mod, rec, effects, call_timeout):
        self.name = name
        self.mod = mod
        self.rec = rec
        self.fx = effects
        self.timeout = call_timeout
        sc = effects.sc
        self.burst = sc.thread_burst > 1 or sc.task_burst > 1
        name = sc.strategy if sc.strategy in strategies.STRATEGIES else "basic"
        self.strategy_name = name
        self.strategy = strategies.STRATEGIES[name]
        self.instances = {}

    def run(self):
        for qual, obj in targets(self.mod, self.strategy_name):
            self.function(qual, obj)

    def resolve(self, obj):
        """a method's bound callable on an instance of its class, or a string
        saying why there is none"""
        if not isinstance(obj, tuple):
            return obj
        cls, name = obj
        if cls not in self.instances:
            try:
                args, kwargs = strategies.basic_args(cls)
                self.instances[cls] = self.guarded(lambda: cls(*args, **kwargs))
            except BaseException as e:
                self.instances[cls] = "cannot construct %s: %s" % (cls.__name__, describe(e))
        inst = self.instances[cls]
        return inst if isinstance(inst, str) else getattr(inst, name)

    def function(self, qual, obj):
        key = "%s:%s" % (self.name, qual)
        self.fx.enter(key)
        fn = self.resolve(obj)
        if isinstance(fn, str):
            self.rec.call(key, 0)
            self.rec.done(key, 0, "skipped", fn)
            return
        hung = 0
        try:
            calls = list(self.strategy(fn, self.fx.sc, self.fx.payloads))
        except Exception as e:
            calls = ["strategy failed: %s" % describe(e)]
        for n, c in enumerate(calls):
            self.rec.call(key, n)
            if isinstance(c, str) or hung >= MAX_HUNG:
                self.rec.done(key, n, "skipped", c if isinstance(c, str) else "hung twice")
                continue
            outcome, error = self.one(key, fn, c[0], c[1])
            hung += outcome == "hung"
            self.rec.done(key, n, outcome, error)

    def guarded(self, thunk):
        """run thunk under the call timeout (SIGALRM)"""
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            return thunk()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def one(self, key, fn, args, kwargs):
        """(outcome, error) of one call"""
        try:
            if self.burst:
                errs, late = self.fx.burst(key, fn, args, kwargs, self.timeout)
                if late:
                    return "hung", "a burst call outlived %gs" % self.timeout
                return self.worst(errs)
            self.guarded(lambda: call_through(fn, args, kwargs))
        except Hung:
            return "hung", "no return within %gs" % self.timeout
        except BaseException as e:
            return self.error(e)
        return "returned", None

    def error(self, e):
        if isinstance(e, Hung):
            return "hung", "no return within %gs" % self.timeout
        outcome = classify(e, self.mod.__name__)
        if outcome in FAILING:
            print_error(e)
        return outcome, type(e).__name__

    def worst(self, errs):
        res = ("returned", None)
        for e in errs:
            if e is not None:
                o = self.error(e)
                if o[0] in FAILING or res[0] == "returned":
                    res = o
        return res


def run(req, rec, effects):
    """import and exercise the module; (exit code, import error or None)"""
    try:
        mod = import_module(req["name"], req["repo"])
    except BaseException as e:
        print_error(e, limit=8)
        return 2, describe(e)
    StubRun(req["name"], mod, rec, effects, float(req.get("call_timeout") or 2.0)).run()
    return (1 if any(rec.calls[k] for k in FAILING) else 0), None
