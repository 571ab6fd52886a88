"""Tests of app.formatting and app.slug."""
from app.formatting import anchor, money, table


def test_money():
    assert money(1234, "EUR") == "12.34 EUR"
    assert money(-5, "USD") == "-0.05 USD"


def test_table():
    assert table(["a", "bb"], [("xyz", "1")]) == "a    bb\nxyz  1 "


def test_anchor():
    assert anchor("Monthly Summary!") == "#monthly-summary"
