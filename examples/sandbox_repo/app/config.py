"""Configuration from the environment, with defaults."""
import os

from pkg_a.common import parse_bool

DEFAULTS = {"currency": "EUR", "strict": False, "rounding": "half_even"}


def load_config(environ=None):
    """The configuration: LEDGER_CURRENCY, LEDGER_STRICT, LEDGER_ROUNDING override the defaults."""
    environ = os.environ if environ is None else environ
    config = dict(DEFAULTS)
    config["currency"] = environ.get("LEDGER_CURRENCY", config["currency"]).upper()
    config["strict"] = parse_bool(environ.get("LEDGER_STRICT", "0"))
    config["rounding"] = environ.get("LEDGER_ROUNDING", config["rounding"])
    return config
