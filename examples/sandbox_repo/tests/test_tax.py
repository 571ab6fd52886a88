"""Tests of ledger.tax and ledger.period."""
from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money
from ledger.period import monthly_vat
from ledger.tax import vat


def test_vat_standard():
    book = Book("EUR")
    book.add(Entry("2024-01-01", "sale", Money(11900, "EUR")))
    book.add(Entry("2024-01-02", "cost", Money(-5000, "EUR")))
    assert vat(book) == 1900


def test_monthly():
    book = Book("EUR")
    book.add(Entry("2024-01-01", "sale", Money(10700, "EUR")))
    book.add(Entry("2024-02-01", "sale", Money(11900, "EUR")))
    assert monthly_vat(book) == {"2024-01": 1708, "2024-02": 1900}
