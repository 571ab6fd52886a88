"""strategies.py: the arguments a stub call gets, per SANDBOX_STUB_STRATEGY
(docs/sandbox.md, "The self-test harness"):

- basic (no strategy: high_latency_api, concurrency_spike): one call with
  values built from defaults and annotations (a parameter the function
  reads keys of gets a record with those keys, values "1"); a required
  parameter without a buildable annotation makes the call `skipped`;
- hostile: one call per hostile payload, the payload in every required
  parameter (the first optional one when none is required);
- misuse: no arguments, wrong types, None everywhere, an extra positional and
  an unexpected keyword, keywords misspelt;
- legacy_schema: the dict keys a function reads (from its source: p["k"],
  p.get("k"), "k" in p, also through x = json.loads(p)) in SCHEMA_MISMATCHES
  drifted shapes (capped at 12): one key renamed, one missing, extra keys, a
  key null, every key renamed; as JSON text when the function parses it;
- flaky_upstream: three basic calls, so a retry sees the next request.

A strategy yields (args, kwargs), or a string: why the call is skipped."""
import ast
import enum
import inspect
import json
import textwrap
import typing

from .payloads import wrong_type


class CannotBuild(Exception):
    pass


_SIMPLE = {str: "sample", int: 1, float: 1.0, bool: True, bytes: b"sample",
           bytearray: bytearray(b"sample"), list: [], dict: {}, tuple: (), set: set(),
           frozenset: frozenset(), complex: 1j, type(None): None}
_NAMES = {t.__name__: t for t in _SIMPLE if t is not type(None)}


def _hints(fn):
    try:
        return typing.get_type_hints(fn)
    except Exception:
        return getattr(fn, "__annotations__", {}) or {}


def basic_value(ann, depth=0):
    """a plain value of type ann; raises CannotBuild"""
    if isinstance(ann, str):
        ann = _NAMES.get(ann.strip(), ann)
    if ann in _SIMPLE:
        v = _SIMPLE[ann]
        return v.copy() if hasattr(v, "copy") else v
    origin = typing.get_origin(ann)
    targs = typing.get_args(ann)
    if origin is typing.Union:
        for a in sorted(targs, key=lambda a: a is type(None)):
            try:
                return basic_value(a, depth)
            except CannotBuild:
                pass
        raise CannotBuild(str(ann))
    if origin is typing.Literal and targs:
        return targs[0]
    if origin in (list, set, frozenset, tuple, dict):
        return origin()
    if origin is not None and getattr(origin, "__module__", "") == "collections.abc":
        if "Callable" in repr(origin):
            return lambda *a, **k: None
        return []
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        return next(iter(ann))
    if isinstance(ann, type) and depth < 2 and not inspect.isabstract(ann) \
            and ann.__module__ not in ("builtins", "typing", "pathlib", "os"):
        args, kwargs = basic_args(ann, depth + 1)
        return ann(*args, **kwargs)
    raise CannotBuild(getattr(ann, "__name__", str(ann)))


def params(fn):
    """the parameters a caller may fill (no *args, **kwargs, self)"""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [p for p in sig.parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _place(p, value, args, kwargs):
    if p.kind == p.KEYWORD_ONLY:
        kwargs[p.name] = value
    else:
        args.append(value)


def basic_args(fn, depth=0):
    """(args, kwargs) from annotations, defaults omitted, a record with the
    keys the function reads for a parameter it reads keys of; raises
    CannotBuild"""
    hints = _hints(fn)
    shapes = read_keys(fn) if depth == 0 else {}
    args, kwargs = [], {}
    for p in params(fn):
        if p.default is not p.empty:
            continue
        if p.name in shapes:
            keys, as_json = shapes[p.name]
            d = {k: "1" for k in keys}
            _place(p, json.dumps(d) if as_json else d, args, kwargs)
        elif p.name not in hints:
            raise CannotBuild("parameter '%s' has no annotation" % p.name)
        else:
            _place(p, basic_value(hints[p.name], depth), args, kwargs)
    return args, kwargs


def _fill(fn, value_for):
    """(args, kwargs): value_for(p) for every required parameter"""
    args, kwargs = [], {}
    for p in params(fn):
        if p.default is p.empty:
            _place(p, value_for(p), args, kwargs)
    return args, kwargs


def basic(fn, sc, payloads):
    try:
        yield basic_args(fn)
    except CannotBuild as e:
        yield "cannot build arguments: %s" % e


def flaky_upstream(fn, sc, payloads):
    for _ in range(3):
        yield from basic(fn, sc, payloads)


def hostile(fn, sc, payloads):
    ps = params(fn)
    required = [p for p in ps if p.default is p.empty]
    if not ps:
        yield from basic(fn, sc, payloads)
        return
    for _name, value in payloads.values:
        if required:
            yield _fill(fn, lambda p: value)
        else:
            args, kwargs = [], {}
            _place(ps[0], value, args, kwargs)
            yield args, kwargs


def misuse(fn, sc, payloads):
    ps = params(fn)
    hints = _hints(fn)
    required = [p for p in ps if p.default is p.empty]
    if required:
        yield [], {}
    if ps:
        yield _fill_all(ps, lambda p: wrong_type(hints.get(p.name), None if p.default is p.empty else p.default))
        yield _fill_all(ps, lambda p: None)
    try:
        args, kwargs = basic_args(fn)
    except CannotBuild:
        args, kwargs = _fill(fn, lambda p: "sample")
    yield args + ["extra"], dict(kwargs, unexpected_option=True)
    if required:
        yield [], {p.name + "_": "sample" for p in required}


def _fill_all(ps, value_for):
    args, kwargs = [], {}
    for p in ps:
        _place(p, value_for(p), args, kwargs)
    return args, kwargs


def legacy_schema(fn, sc, payloads):
    shapes = read_keys(fn)
    hints = _hints(fn)
    for p in params(fn):
        if p.name not in shapes and _is_dict(hints.get(p.name)):
            shapes[p.name] = ([], False)
    if not shapes:
        yield from basic(fn, sc, payloads)
        return
    rng = sc.rng("schema", getattr(fn, "__qualname__", ""))
    for i in range(min(max(1, sc.schema_mismatches), 12)):
        def value_for(p, i=i):
            if p.name in shapes:
                keys, as_json = shapes[p.name]
                d = drift(keys, i, rng)
                return json.dumps(d) if as_json else d
            try:
                return basic_value(hints.get(p.name, None))
            except CannotBuild:
                return "sample"
        yield _fill(fn, value_for)


def _is_dict(ann):
    return ann is dict or typing.get_origin(ann) in (dict, typing.Mapping) or \
        (isinstance(ann, str) and ann.startswith(("dict", "Dict", "Mapping")))


def _rename(k):
    if "_" in k:
        head, *rest = k.split("_")
        return head + "".join(w.title() for w in rest)
    if any(c.isupper() for c in k):
        return "".join("_" + c.lower() if c.isupper() else c for c in k)
    return k + "_v1"


def drift(keys, i, rng):
    """the i-th drifted shape of a record with keys (values "1")"""
    d = {k: "1" for k in keys}
    kind = i % 5
    if not keys:
        return {"unexpected": "1"} if kind % 2 else {}
    k = rng.choice(keys)
    if kind == 0:
        d[_rename(k)] = d.pop(k)
    elif kind == 1:
        del d[k]
    elif kind == 2:
        d.update(legacy_id="1", _meta={"version": 1})
    elif kind == 3:
        d[k] = None
    else:
        d = {_rename(x): v for x, v in d.items()}
    return d


def read_keys(fn):
    """{parameter: (keys read from it, read as JSON text)} from fn's source"""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return {}
    names = {p.name for p in params(fn)}
    alias = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call):
            c = node.value
            if getattr(c.func, "attr", getattr(c.func, "id", "")) == "loads" and c.args and \
                    isinstance(c.args[0], ast.Name) and c.args[0].id in names:
                alias[node.targets[0].id] = c.args[0].id
    found = {}
    for node in ast.walk(tree):
        name, key = _key_read(node)
        if name is None:
            continue
        if name in names:
            found.setdefault(name, ([], False))[0].append(key)
        elif name in alias:
            found.setdefault(alias[name], ([], True))[0].append(key)
    return {p: (sorted(set(ks)), js) for p, (ks, js) in found.items()}


def _key_read(node):
    """(variable, key) when node reads a string key of a variable"""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        s = node.slice
        s = getattr(s, "value", s) if type(s).__name__ == "Index" else s
        if isinstance(s, ast.Constant) and isinstance(s.value, str):
            return node.value.id, s.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("get", "pop", "setdefault") and \
            isinstance(node.func.value, ast.Name) and node.args and \
            isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.func.value.id, node.args[0].value
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
            isinstance(node.ops[0], ast.In) and isinstance(node.left, ast.Constant) and \
            isinstance(node.left.value, str) and isinstance(node.comparators[0], ast.Name):
        return node.comparators[0].id, node.left.value
    return None, None


STRATEGIES = {"basic": basic, "hostile": hostile, "misuse": misuse,
              "legacy_schema": legacy_schema, "flaky_upstream": flaky_upstream}
