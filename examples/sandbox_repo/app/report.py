"""Text reports of a book."""
from ledger.book import Book
from ledger.period import group_by_month

from .formatting import money, table


def render(book: Book) -> str:
    """A monthly summary followed by the balance."""
    rows = []
    for month, entries in group_by_month(book.entries).items():
        total = sum((e.amount.cents for e in entries), 0)
        rows.append((month, str(len(entries)), money(total, book.currency)))
    return table(["month", "entries", "total"], rows) + "\n" + balance_line(book)


def balance_line(book: Book) -> str:
    """One line with the book's balance."""
    return "balance: " + money(book.balance().cents, book.currency)
