"""Tests of the isolated standalone.forecast and its helpers."""
import os
import tempfile

from standalone.forecast import forecast
from standalone.forecast_math import linear_trend


def test_trend():
    assert linear_trend([1, 2, 3]) == (1.0, 1.0)


def test_forecast():
    fd, path = tempfile.mkstemp()
    with os.fdopen(fd, "w") as f:
        f.write("100\n# a comment\n110\n120\n")
    try:
        assert forecast(path) == 130
    finally:
        os.unlink(path)
