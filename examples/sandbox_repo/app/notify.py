"""Warnings shown after a report, such as a negative balance."""
import logging

log = logging.getLogger(__name__)


def check_balance(book, threshold_cents=0):
    """Log a warning and return True when the balance is below the threshold."""
    low = book.balance().cents < threshold_cents
    if low:
        log.warning("balance below %d cents", threshold_cents)
    return low
