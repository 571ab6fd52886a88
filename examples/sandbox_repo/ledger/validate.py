"""Checks applied to every entry added to a book."""
import re

from .entry import Entry

DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def check_entry(entry: Entry, currency: str):
    """Raise ValueError for a malformed day, empty text or foreign currency."""
    if not DAY.match(entry.day):
        raise ValueError(f"bad day {entry.day!r}")
    if not entry.text.strip():
        raise ValueError("empty text")
    if entry.amount.currency != currency:
        raise ValueError(f"entry in {entry.amount.currency}, book in {currency}")
