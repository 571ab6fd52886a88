"""Tests of pkg_b.common (not pkg_a.common)."""
from pkg_b.common import squeeze, truncate


def test_squeeze():
    assert squeeze("  a \t b\n c ") == "a b c"


def test_truncate():
    assert truncate("hello world", 5) == "hell…"
    assert truncate("hi", 5) == "hi"
