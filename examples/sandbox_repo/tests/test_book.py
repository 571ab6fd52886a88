"""Tests of ledger.book, ledger.entry and ledger.validate."""
from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money


def _book():
    book = Book("EUR")
    book.add(Entry("2024-01-03", "salary", Money(250000, "EUR")))
    book.add(Entry("2024-01-05", "rent", Money(-90000, "EUR")))
    return book


def test_balance():
    assert _book().balance() == Money(160000, "EUR")


def test_share_rounds_half_even():
    book = Book("EUR")
    book.add(Entry("2024-02-01", "x", Money(5, "EUR")))
    assert book.share(2) == 2


def test_rejects_bad_day():
    try:
        _book().add(Entry("2024-13-01", "x", Money(1, "EUR")))
    except ValueError:
        return
    raise AssertionError("bad day accepted")
