"""Least-squares helpers for the forecast."""


def linear_trend(values):
    """(slope, intercept) of the line through (i, values[i])."""
    n = len(values)
    if n == 0:
        return 0.0, 0.0
    if n == 1:
        return 0.0, float(values[0])
    mx = (n - 1) / 2
    my = sum(values) / n
    sxy = sum((i - mx) * (v - my) for i, v in enumerate(values))
    sxx = sum((i - mx) ** 2 for i in range(n))
    slope = sxy / sxx
    return slope, my - slope * mx
