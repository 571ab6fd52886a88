"""Save and load a book as JSON, for backups."""
import json

from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money


def dump(book: Book) -> str:
    """The book as a JSON document."""
    return json.dumps({"currency": book.currency,
                       "entries": [[e.day, e.text, e.amount.cents] for e in book.entries]})


def load(text: str) -> Book:
    """A book from dump()'s JSON."""
    data = json.loads(text)
    book = Book(data["currency"])
    for day, text_, cents in data["entries"]:
        book.add(Entry(day, text_, Money(cents, data["currency"])))
    return book
