"""Match a book against a bank statement (a list of (day, cents))."""
from ledger.book import Book


def reconcile(book: Book, statement):
    """(unmatched entries, unmatched statement lines), matching day and amount once each."""
    remaining = list(statement)
    unmatched = []
    for e in book.entries:
        key = (e.day, e.amount.cents)
        if key in remaining:
            remaining.remove(key)
        else:
            unmatched.append(e)
    return unmatched, remaining
