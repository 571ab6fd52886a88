"""Forecast next month's balance from a history of monthly totals.

An isolated module: nothing imports it, and it brings its own helpers.
"""
from standalone.forecast_math import linear_trend

from .forecast_io import read_totals


def forecast(path):
    """The next month's total, by a least-squares line through the history."""
    totals = read_totals(path)
    slope, intercept = linear_trend(totals)
    return round(intercept + slope * len(totals))
