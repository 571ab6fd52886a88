"""One ledger line: a day, a text and an amount."""
from dataclasses import dataclass

from .money import Money


@dataclass(frozen=True)
class Entry:
    """A booking on a day (YYYY-MM-DD)."""

    day: str
    text: str
    amount: Money

    @property
    def month(self):
        """The YYYY-MM of the day."""
        return self.day[:7]
