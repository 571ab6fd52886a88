#!/usr/bin/env python3
"""Run test_* functions without pytest: ``python3 tests/run_tests.py [FILE...]``.

With no FILE, every tests/**/test_*.py. Each file runs as its own module with
the repository on sys.path, like ``python3 -m pytest FILE`` from the top.
Prints one line per test and exits 1 when any failed.
"""
import importlib.util
import pathlib
import sys
import traceback

TOP = pathlib.Path(__file__).resolve().parent.parent


def run_file(path):
    """(passed, failed) of the test_* functions of one file."""
    spec = importlib.util.spec_from_file_location("test_module_" + str(abs(hash(str(path)))), path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:
        print(f"ERROR {path}: import failed")
        traceback.print_exc()
        return 0, 1
    passed = failed = 0
    for name in sorted(n for n in vars(module) if n.startswith("test_") and callable(getattr(module, n))):
        try:
            getattr(module, name)()
        except Exception:
            failed += 1
            print(f"FAIL {path}::{name}")
            traceback.print_exc()
        else:
            passed += 1
            print(f"ok {path}::{name}")
    return passed, failed


def main(argv):
    sys.path.insert(0, str(TOP))
    files = [pathlib.Path(a) for a in argv] or sorted(TOP.glob("tests/**/test_*.py"))
    total_passed = total_failed = 0
    for f in files:
        p, n = run_file(f)
        total_passed += p
        total_failed += n
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
