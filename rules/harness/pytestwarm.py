"""pytestwarm.py: make pytest.main cheap in a forked child. The worker
imports pytest and its default plugins, and builds the first thing
pytest.main builds, a Config with every default plugin imported and
registered (their options added); the child's pytest.main takes that
Config (with the child's own arguments and working directory) instead of
building one. Only the first call in a child uses it; any failure here
leaves pytest as it is."""
from pathlib import Path

_ready = None


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
        _ready = C.get_config(["-p", "no:cacheprovider"], None)
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
