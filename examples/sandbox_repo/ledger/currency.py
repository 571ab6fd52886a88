"""The currencies the ledger accepts."""

KNOWN = {"EUR", "USD", "GBP", "CHF", "JPY"}


def check_code(code):
    """Raise ValueError unless code is a known currency."""
    if code not in KNOWN:
        raise ValueError(f"unknown currency {code!r}")
    return code
