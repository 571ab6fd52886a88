"""Tests of tools.audit and its rules."""
from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money
from tools.audit import audit


def test_findings():
    book = Book("EUR")
    book.add(Entry("2024-06-01", "weekend trip", Money(-4999, "EUR")))
    book.add(Entry("2024-06-02", "car", Money(-200000, "EUR")))
    names = [name for name, _ in audit(book)]
    assert names == ["weekend", "large", "round"], names
