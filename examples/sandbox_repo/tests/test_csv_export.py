"""Tests of app.plugins.csv_export and json_export."""
from app.plugins import csv_export, json_export
from app.storage import load
from ledger.book import Book
from ledger.entry import Entry
from ledger.money import Money


def _book():
    book = Book("EUR")
    book.add(Entry("2024-05-01", "a, b", Money(100, "EUR")))
    return book


def test_csv_quotes_commas():
    assert csv_export.export(_book()) == 'day,text,amount\n2024-05-01,"a, b",1.00 EUR\n'


def test_json_round_trip():
    book = load(json_export.export(_book()))
    assert book.entries == _book().entries
