"""The commands of the tool; exporters are loaded on demand."""
import importlib

from . import notify, report
from .importer import read_ledger
from .plugins import json_export


def _exporter(fmt):
    """The export module for a format; the CSV one is only imported when used."""
    if fmt == "csv":
        return importlib.import_module("app.plugins.csv_export")
    if fmt == "json":
        return json_export
    return None


def report_command(path, fmt, config):
    """Summarise a ledger file."""
    book = read_ledger(path, currency=config["currency"])
    notify.check_balance(book)
    exporter = _exporter(fmt)
    if exporter is not None:
        return exporter.export(book)
    return report.render(book)


def balance_command(path, fmt, config):
    """Print only the balance of a ledger file."""
    book = read_ledger(path, currency=config["currency"])
    return report.balance_line(book)


COMMANDS = {"report": report_command, "balance": balance_command}
