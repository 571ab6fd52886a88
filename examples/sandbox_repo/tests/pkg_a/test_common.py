"""Tests of pkg_a.common (not pkg_b.common: same file name, other module)."""
from pkg_a.common import parse_bool


def test_parse_bool():
    assert parse_bool(" Yes ") is True
    assert parse_bool("off") is False
    try:
        parse_bool("maybe")
    except ValueError:
        return
    raise AssertionError("accepted")
