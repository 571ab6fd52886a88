"""outcomes.py: the outcomes file of one self-test (JSON lines, each written
and flushed as it happens) and the classification of a call's exception.

    {"harness": 1, "runner": ..., "seed": ..., "confined": ..., "network": ...}
    {"call": "pkg.a:parse", "n": 3}
    {"done": "pkg.a:parse", "n": 3, "outcome": "clean_error", "error": "ValueError"}
    {"summary": {...}}

Outcomes: returned, clean_error, upstream_error, error, hung, crashed,
skipped; error, hung and crashed fail (crashed is only ever written by the
C side, which sees the interpreter die)."""
import json
import socket
import sys
import threading

OUTCOMES = ("returned", "clean_error", "upstream_error", "error", "hung", "crashed", "skipped")
FAILING = ("error", "hung", "crashed")
# the refusals of a careful function: a wrong type or value
CLEAN = (TypeError, ValueError)
# third-party client errors that mean "the upstream failed", by module prefix
UPSTREAM_MODULES = ("requests.", "urllib3.", "httpx.", "aiohttp.")


def _upstream_types():
    import http.client
    import urllib.error
    return (ConnectionError, TimeoutError, socket.timeout, urllib.error.URLError,
            http.client.HTTPException)


def classify(exc, module_name):
    """the outcome of a call that raised exc (an exception instance)"""
    if isinstance(exc, _upstream_types()):
        return "upstream_error"
    mod = type(exc).__module__ or ""
    if any(mod.startswith(p) for p in UPSTREAM_MODULES):
        return "upstream_error"
    if isinstance(exc, CLEAN):
        return "clean_error"
    if isinstance(exc, OSError) and exc.filename is not None:
        return "clean_error"     # a file operation refused the path it was given
    if isinstance(exc, Exception) and module_name and (
            mod == module_name or mod.startswith(module_name + ".")):
        return "clean_error"
    return "error"


class Recorder:
    """writes the outcomes file and keeps the counts of the summary"""

    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", encoding="utf-8") if path else None
        self.calls = {k: 0 for k in OUTCOMES}
        self.functions = {}
        self.tests = None

    def write(self, obj):
        if self.f is None:
            return
        line = json.dumps(obj, sort_keys=False, allow_nan=False, default=str)
        with self.lock:
            self.f.write(line + "\n")
            self.f.flush()

    def header(self, runner, seed, confined, network):
        self.write({"harness": 1, "runner": runner, "seed": seed,
                    "confined": confined, "network": network})

    def call(self, key, n):
        self.write({"call": key, "n": n})

    def done(self, key, n, outcome, error=None):
        rec = {"done": key, "n": n, "outcome": outcome}
        if error:
            rec["error"] = error
        self.write(rec)
        self.count(key.split(":", 1)[-1], outcome)

    def count(self, fname, outcome):
        with self.lock:
            self.calls[outcome] += 1
            f = self.functions.setdefault(fname, {"outcome": "skipped"})
            f[outcome] = f.get(outcome, 0) + 1
            f["outcome"] = _worst(f["outcome"], outcome)

    def failures(self, import_ok):
        n = sum(self.calls[k] for k in FAILING)
        if self.tests:
            n += self.tests.get("failed", 0)
        return n + (0 if import_ok else 1)

    def summary(self, import_error, effects):
        s = {"import": "failed" if import_error else "ok"}
        if import_error:
            s["error"] = import_error
        s["tests"] = self.tests
        s["calls"] = dict(self.calls)
        s["functions"] = self.functions
        s["effects"] = effects
        s["failures"] = self.failures(not import_error)
        self.write({"summary": s})
        return s

    def close(self):
        if self.f is not None:
            self.f.close()
            self.f = None


# the order in which one function's outcome is the worst of its calls
_RANK = {"skipped": 0, "returned": 1, "clean_error": 2, "upstream_error": 3,
         "error": 4, "hung": 5, "crashed": 6}


def _worst(a, b):
    return a if _RANK[a] >= _RANK[b] else b


def print_error(exc, limit=3, width=300):
    """the last frames of exc's traceback, each line cut to width"""
    import traceback
    for chunk in traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-limit):
        for line in chunk.rstrip("\n").split("\n"):
            print(line if len(line) <= width else line[:width] + "...", file=sys.stderr)


def describe(exc):
    """ "ValueError: message" in one line, at most 300 characters"""
    text = "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    return text[:300]
