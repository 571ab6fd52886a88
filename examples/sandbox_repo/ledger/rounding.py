"""Rounding of fractional cents."""
from decimal import ROUND_HALF_EVEN, Decimal


def round_cents(value, mode=ROUND_HALF_EVEN):
    """Round a float number of cents to an int, banker's rounding by default."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=mode))
