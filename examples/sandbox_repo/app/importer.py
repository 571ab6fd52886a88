"""Read a ledger file into a Book."""
import logging

from ledger.book import Book
from ledger.parse import parse_line

log = logging.getLogger(__name__)


def read_ledger(path, currency="EUR"):
    """Parse every non-blank, non-comment line of path."""
    book = Book(currency)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                book.add(parse_line(line, currency))
            except ValueError as exc:
                log.warning("%s:%d: %s", path, number, exc)
                raise
    return book
