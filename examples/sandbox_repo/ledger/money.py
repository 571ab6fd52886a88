"""Amounts of money as integer cents in one currency."""
from dataclasses import dataclass

from .currency import check_code


@dataclass(frozen=True)
class Money:
    """An amount: cents and an ISO 4217 code."""

    cents: int
    currency: str

    def __post_init__(self):
        check_code(self.currency)

    def __add__(self, other):
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.cents + other.cents, self.currency)

    @classmethod
    def parse(cls, text, currency):
        """'12.34' -> Money(1234); '-5' -> Money(-500)."""
        text = text.strip()
        sign = -1 if text.startswith("-") else 1
        whole, _, frac = text.lstrip("+-").partition(".")
        if not whole.isdigit() or (frac and (not frac.isdigit() or len(frac) > 2)):
            raise ValueError(f"bad amount {text!r}")
        return cls(sign * (int(whole) * 100 + int(frac.ljust(2, "0") or 0)), currency)
