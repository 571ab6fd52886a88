"""Tests of app.report, app.importer and the commands."""
import os
import tempfile

from app.commands import COMMANDS
from app.config import load_config


def _ledger():
    fd, path = tempfile.mkstemp(suffix=".ledger")
    with os.fdopen(fd, "w") as f:
        f.write("# test ledger\n2024-01-03  salary  2500\n2024-01-05  rent  -900\n2024-02-01  bonus  100.50\n")
    return path


def test_report_text():
    path = _ledger()
    try:
        out = COMMANDS["report"](path, "text", load_config({}))
    finally:
        os.unlink(path)
    assert "2024-01  2        1600.00 EUR" in out, out
    assert out.endswith("balance: 1700.50 EUR")


def test_report_csv_is_loaded_dynamically():
    path = _ledger()
    try:
        out = COMMANDS["report"](path, "csv", load_config({}))
    finally:
        os.unlink(path)
    assert out.splitlines()[0] == "day,text,amount"
    assert "2024-02-01,bonus,100.50 EUR" in out


def test_balance_command():
    path = _ledger()
    try:
        assert COMMANDS["balance"](path, "text", load_config({"LEDGER_CURRENCY": "eur"})) == "balance: 1700.50 EUR"
    finally:
        os.unlink(path)
