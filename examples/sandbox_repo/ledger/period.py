"""Grouping of entries by period."""
from collections import OrderedDict

from .tax import vat


def group_by_month(entries):
    """An ordered {YYYY-MM: [entries]} in first-seen order."""
    groups = OrderedDict()
    for e in entries:
        groups.setdefault(e.month, []).append(e)
    return groups


def monthly_vat(book):
    """{YYYY-MM: vat cents} of the book, month by month."""
    from .book import Book

    out = {}
    for month, entries in group_by_month(book.entries).items():
        part = Book(book.currency)
        part.entries = entries
        out[month] = vat(part)
    return out
