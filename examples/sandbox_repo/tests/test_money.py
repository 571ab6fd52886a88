"""Tests of ledger.money and ledger.currency."""
from ledger.money import Money


def test_parse():
    assert Money.parse("12.34", "EUR") == Money(1234, "EUR")
    assert Money.parse("-5", "EUR") == Money(-500, "EUR")
    assert Money.parse("0.5", "USD") == Money(50, "USD")


def test_add_same_currency():
    assert Money(100, "EUR") + Money(250, "EUR") == Money(350, "EUR")


def test_bad_input():
    for text in ("12.345", "abc", "1.x"):
        try:
            Money.parse(text, "EUR")
        except ValueError:
            continue
        raise AssertionError(f"{text!r} parsed")
    try:
        Money(1, "XXX")
    except ValueError:
        return
    raise AssertionError("unknown currency accepted")
