"""pytestwarm.py: make pytest.main cheap in a forked child. The worker
imports pytest and its default plugins, and builds the first thing
pytest.main builds, a Config with every default plugin imported and
registered (their options added); the child's pytest.main takes that
Config (with the child's own arguments and working directory) instead of
building one. Only the first call in a child uses it. The argparse parser
pytest builds from its options is kept while the options are the same,
the fixtures of pytest's own plugin modules and classes are looked up by
the names found here, and the installed distributions (which pytest and
pluggy read twice a run, for the pytest11 plugins and the modules to
rewrite) are read once, here, for the entries of sys.path the worker has
(their plugin modules imported, their entry points parsed); the
signatures pluggy reads of each hook function a plugin registers, and
those pytest reads of each fixture function of its own plugins, are read
here and kept; its fd capture writes to memfds, not to temporary files on
disk. Any failure here leaves pytest as it is."""
import copy
import itertools
import sys
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
    for the plugin modules already loaded here, and for the classes of
    pytest's own modules (a session registers instances of them, and some
    of the classes themselves, as plugins), remember which names hold
    fixtures, and have parsefactories look at those only. pytest 7 only
    (the function's shape is known); any other version parses as it is."""
    import inspect
    import types
    from _pytest import fixtures

    def fixture_names(obj):
        return sorted(n for n in dir(obj) if isinstance(fixtures.getfixturemarker(
            fixtures.safe_getattr(obj, n, None)), fixtures.FixtureFunctionMarker))
    params = list(inspect.signature(fixtures.FixtureManager.parsefactories).parameters)
    if params != ["self", "node_or_obj", "nodeid", "unittest"]:
        return
    names = {}
    for plugin in plugins:
        if isinstance(plugin, types.ModuleType):
            names[id(plugin)] = (plugin, fixture_names(plugin))
    # pytest's classes: an instance's fixtures are its class's (none of
    # them sets one on an instance); a subclass defined elsewhere is not here
    classes = {}
    for mod_name, mod in list(sys.modules.items()):
        if mod_name == "_pytest" or mod_name.startswith("_pytest."):
            for cls in list(vars(mod).values()):
                if isinstance(cls, type) and cls.__module__ == mod_name:
                    classes[cls] = fixture_names(cls)
    parse = fixtures.FixtureManager.parsefactories

    def lookup(obj):
        known = names.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        return classes.get(obj if isinstance(obj, type) else type(obj))

    def parsefactories(self, node_or_obj, nodeid=fixtures.NOTSET, unittest=False):
        known = lookup(node_or_obj) if nodeid is not fixtures.NOTSET else None
        if known is None:
            return parse(self, node_or_obj, nodeid, unittest)
        if node_or_obj in self._holderobjseen:
            return None
        self._holderobjseen.add(node_or_obj)
        return parse(self, _FixtureNames(node_or_obj, known), nodeid, unittest)
    fixtures.FixtureManager.parsefactories = parsefactories
    _memoize_argnames(fixtures, names.values(), classes)


def _memoize_argnames(fixtures, modules, classes):
    """a session makes a FixtureDef of each fixture of pytest's plugins
    again, reading each function's signature (inspect.signature): kept for
    the functions of pytest's own modules, by function (and whether it is
    called bound) and the arguments; read here for the fixtures found
    above. The names depend on those only (mock's patch decorators, which
    would change them, are not used on pytest's own fixtures)."""
    import types
    from _pytest import compat
    original = fixtures.getfuncargnames
    memo = {}

    def getfuncargnames(function, *, name="", is_method=False, cls=None):
        bound = isinstance(function, types.MethodType)
        func = function.__func__ if bound else function
        if not isinstance(func, types.FunctionType) or \
                not (func.__module__ or "").startswith("_pytest."):
            return original(function, name=name, is_method=is_method, cls=cls)
        key = (func, bound, name, is_method, cls)
        got = memo.get(key)
        if got is None:
            got = memo[key] = original(function, name=name, is_method=is_method, cls=cls)
        return got
    fixtures.getfuncargnames = getfuncargnames
    holders = [(m, n) for m, n in modules] + [(c, n) for c, n in classes.items()]
    for holder, found in holders:
        for attr in found:
            obj = fixtures.safe_getattr(holder, attr, None)
            marker = fixtures.getfixturemarker(obj)
            if marker is None:
                continue
            real = compat.get_real_func(obj)
            if isinstance(holder, type) and isinstance(real, types.FunctionType):
                real = types.MethodType(real, holder)
            try:
                getfuncargnames(real, name=marker.name or attr)
            except BaseException:
                pass


def _memoize_varnames():
    """pluggy reads the signature of every hook function a plugin
    registers (inspect.getfullargspec, the most of a registration): kept by
    function, and read here for the hooks of pytest's own modules and
    classes, which every session registers again. The names depend on the
    function only (and on whether it is called bound)."""
    import inspect
    import types
    from pluggy import _hooks
    original = _hooks.varnames
    memo = {}

    def varnames(func):
        if isinstance(func, types.MethodType):
            key = (func.__func__, True)
        elif isinstance(func, types.FunctionType):
            key = (func, False)
        else:
            return original(func)
        got = memo.get(key)
        if got is None:
            got = memo[key] = original(func)
        return got
    _hooks.varnames = varnames
    for mod_name, mod in list(sys.modules.items()):
        if not (mod_name == "_pytest" or mod_name.startswith(("_pytest.", "menace_harness."))):
            continue
        for name, obj in list(vars(mod).items()):
            if name.startswith("pytest_") and inspect.isfunction(obj):
                varnames(obj)
            elif isinstance(obj, type) and obj.__module__ == mod_name:
                for k, v in list(vars(obj).items()):
                    if k.startswith("pytest_") and inspect.isfunction(v):
                        varnames(types.MethodType(v, obj))


def _dist_class():
    import importlib.metadata as md

    class Dist(md.PathDistribution):
        """an installed distribution as the path finder gives it, the
        files pytest and pluggy read (name and version, entry points, and
        a pytest plugin's file list) read once"""
        FILES = ("METADATA", "PKG-INFO", "entry_points.txt")
        LISTS = ("RECORD", "installed-files.txt", "SOURCES.txt")

        def __init__(self, dist):
            super().__init__(dist._path)
            self._texts = {}
            self._texts = {f: self.read_text(f) for f in self.FILES}
            self._eps = super().entry_points
            if any(ep.group == "pytest11" for ep in self._eps):
                self._texts.update((f, self.read_text(f)) for f in self.LISTS)

        @property
        def entry_points(self):
            return self._eps

        def read_text(self, filename):
            if filename in self._texts:
                return self._texts[filename]
            return super().read_text(filename)
    return Dist


def _memoize_distributions():
    """importlib.metadata.distributions() with no arguments: the
    distributions of each sys.path entry the worker has, as read here (the
    installed packages are read once per worker, so once per build), an
    entry it has not (the repository, PYTHONPATH) read as before. Only while
    the path finder is the one source of distributions (a meta path finder
    of a child's own makes it read everything again)."""
    import importlib.machinery
    import importlib.metadata as md
    original = md.distributions
    finder = importlib.machinery.PathFinder.find_distributions
    dist = _dist_class()
    memo = {}
    for entry in sys.path:
        if entry and entry not in memo:
            memo[entry] = [dist(d) for d in original(path=[entry])]

    def path_finder_only():
        found = [getattr(f, "find_distributions", None) for f in sys.meta_path]
        return [f for f in found if f is not None] == [finder]

    def distributions(**kwargs):
        if kwargs or not path_finder_only():
            return original(**kwargs)
        return itertools.chain.from_iterable(
            memo[p] if p in memo else original(path=[p]) for p in list(sys.path))
    md.distributions = distributions
    # the pytest plugins installed: imported here, registered by each run
    for dists in memo.values():
        for dist in dists:
            for ep in dist.entry_points:
                if ep.group == "pytest11":
                    try:
                        __import__(ep.module)
                    except BaseException:
                        pass


def _memfd_capture():
    """pytest's fd capture keeps what a session's tests write to fds 1 and
    2 in two temporary files: made as memfds (the same anonymous file, in
    memory), not on TMPDIR's disk, where each would cost an inode made and
    freed (and on ext4 without a journal every new inode skips past each
    one freed in the last minutes). Any other use of TemporaryFile, or no
    memfd, is as before."""
    import os
    from _pytest import capture
    original = capture.TemporaryFile
    if not hasattr(os, "memfd_create"):
        return

    def TemporaryFile(mode="w+b", buffering=-1, **kwargs):
        if kwargs or mode != "w+b":
            return original(mode, buffering, **kwargs)
        try:
            fd = os.memfd_create("pytest-capture", os.MFD_CLOEXEC)
        except OSError:
            return original(mode, buffering)
        return open(fd, mode, buffering=buffering)
    capture.TemporaryFile = TemporaryFile


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
        _memoize_distributions()
        _memfd_capture()
        _memoize_varnames()
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
