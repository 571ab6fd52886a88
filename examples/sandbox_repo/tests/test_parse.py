"""Tests of ledger.parse."""
from ledger.parse import parse_line


def test_two_spaces():
    e = parse_line("2024-03-01  coffee beans  -12.50")
    assert (e.day, e.text, e.amount.cents) == ("2024-03-01", "coffee beans", -1250)


def test_tab():
    assert parse_line("2024-03-02\tbook\t9").amount.cents == 900


def test_wrong_field_count():
    try:
        parse_line("2024-03-01 only one space")
    except ValueError:
        return
    raise AssertionError("accepted")
