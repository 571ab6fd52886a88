"""Parse ledger lines: ``YYYY-MM-DD  text  amount``."""
from .entry import Entry
from .money import Money


def parse_line(line, currency="EUR"):
    """An Entry from one line; fields are separated by two or more spaces or a tab."""
    fields = [f for f in line.replace("\t", "  ").split("  ") if f.strip()]
    if len(fields) != 3:
        raise ValueError(f"expected 3 fields, got {len(fields)}")
    day, text, amount = (f.strip() for f in fields)
    return Entry(day, text, Money.parse(amount, currency))
