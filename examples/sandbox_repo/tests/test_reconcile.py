"""Tests of tools.reconcile."""
from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money
from tools.reconcile import reconcile


def test_reconcile():
    book = Book("EUR")
    book.add(Entry("2024-07-01", "a", Money(100, "EUR")))
    book.add(Entry("2024-07-02", "b", Money(200, "EUR")))
    unmatched, left = reconcile(book, [("2024-07-01", 100), ("2024-07-03", 5)])
    assert [e.text for e in unmatched] == ["b"]
    assert left == [("2024-07-03", 5)]
