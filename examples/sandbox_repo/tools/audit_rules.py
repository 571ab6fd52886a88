"""The audit rules: (name, predicate on an entry)."""


def _large(entry):
    return abs(entry.amount.cents) >= 1_000_00


def _weekend_text(entry):
    return "weekend" in entry.text.lower()


def _round_amount(entry):
    return entry.amount.cents != 0 and entry.amount.cents % 10_000 == 0


RULES = [("large", _large), ("weekend", _weekend_text), ("round", _round_amount)]
