"""pytestwarm.py: make pytest.main cheap in a forked child. The worker
imports pytest and its default plugins, and builds the first thing
pytest.main builds, a Config with every default plugin imported and
registered (their options added); the child's pytest.main takes that
Config (with the child's own arguments and working directory) instead of
building one. Only the first call in a child uses it. The argparse parser
pytest builds from its options is kept while the options are the same,
and the fixtures of pytest's own plugin modules are looked up by the names
found here. Any failure here leaves pytest as it is."""
import copy
from pathlib import Path

_ready = None


def _memoize_parser():
    """pytest builds a new argparse parser from its option groups each time
    it parses (six times a run): keep the last one while no group has
    gained an option since (a conftest's pytest_addoption adds some)"""
    from _pytest.config import argparsing
    build = argparsing.Parser._getparser

    def _getparser(self):
        groups = self._groups + [self._anonymous]
        key = tuple((id(g), len(g.options)) for g in groups)
        memo = self.__dict__.get("_menace_memo")
        if memo is None or memo[0] != key:
            memo = (key, build(self))
            self._menace_memo = memo
        return memo[1]
    argparsing.Parser._getparser = _getparser


class _FixtureNames:
    """a plugin module as FixtureManager.parsefactories reads it: only the
    names the worker found fixtures under (dir() of a module of pytest's
    is a few hundred names, a handful of them fixtures)"""

    def __init__(self, module, names):
        self._module = module
        self._names = names

    def __dir__(self):
        return self._names

    def __getattr__(self, name):
        return getattr(self._module, name)


def _memoize_fixtures(plugins):
    """every session parses the fixtures of every registered plugin again:
    for the plugin modules already loaded here, remember which names hold
    fixtures, and have parsefactories look at those only. pytest 7 only
    (the function's shape is known); any other version parses as it is."""
    import inspect
    import types
    from _pytest import fixtures
    params = list(inspect.signature(fixtures.FixtureManager.parsefactories).parameters)
    if params != ["self", "node_or_obj", "nodeid", "unittest"]:
        return
    names = {}
    for plugin in plugins:
        if isinstance(plugin, types.ModuleType):
            names[id(plugin)] = (plugin, sorted(
                n for n in dir(plugin)
                if isinstance(fixtures.getfixturemarker(
                    fixtures.safe_getattr(plugin, n, None)), fixtures.FixtureFunctionMarker)))
    parse = fixtures.FixtureManager.parsefactories

    def parsefactories(self, node_or_obj, nodeid=fixtures.NOTSET, unittest=False):
        known = names.get(id(node_or_obj)) if nodeid is not fixtures.NOTSET else None
        if known is None or known[0] is not node_or_obj:
            return parse(self, node_or_obj, nodeid, unittest)
        if node_or_obj in self._holderobjseen:
            return None
        self._holderobjseen.add(node_or_obj)
        return parse(self, _FixtureNames(node_or_obj, known[1]), nodeid, unittest)
    fixtures.FixtureManager.parsefactories = parsefactories


def warm():
    """in the worker: pytest's version, or None without pytest"""
    global _ready
    try:
        import pytest
    except ImportError:
        return None
    try:
        from _pytest import config as C
        import _pytest.python  # noqa: F401
        _memoize_parser()
        _ready = C.get_config(["-p", "no:cacheprovider"], None)
        # a parse of the arguments a child gives compiles argparse's
        # patterns into re's cache once, here
        _ready._parser.parse_known_and_unknown_args(
            ["-q", "-p", "no:cacheprovider", "--rootdir", "/", "--noconftest", "/t.py", "-k", "x"],
            namespace=copy.copy(_ready.option))
        _memoize_fixtures(_ready.pluginmanager.get_plugins())
        _original = C.get_config

        def get_config(args=None, plugins=None):
            global _ready
            cfg, _ready = _ready, None
            if cfg is None:
                return _original(args, plugins)
            cfg.invocation_params = C.Config.InvocationParams(
                args=args or (), plugins=plugins, dir=Path.cwd())
            if args is not None:
                cfg.pluginmanager.consider_preparse(args, exclude_only=True)
            return cfg
        C.get_config = get_config
    except Exception:
        _ready = None
    return getattr(pytest, "__version__", "unknown")
