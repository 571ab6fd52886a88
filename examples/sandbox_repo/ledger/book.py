"""A book: the entries of one currency, in order."""
from . import validate
from .money import Money
from .rounding import round_cents


class Book:
    """Entries in the order they were added."""

    def __init__(self, currency="EUR"):
        self.currency = currency
        self.entries = []

    def add(self, entry):
        """Validate and append an entry."""
        validate.check_entry(entry, self.currency)
        self.entries.append(entry)

    def balance(self):
        """The sum of all amounts."""
        total = Money(0, self.currency)
        for e in self.entries:
            total = total + e.amount
        return total

    def share(self, parts):
        """The balance split into parts, rounded to cents."""
        return round_cents(self.balance().cents / parts)
