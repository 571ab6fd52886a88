"""Value added tax on the income of a book."""
from .rounding import round_cents

RATES = {"standard": 0.19, "reduced": 0.07, "none": 0.0}


def vat(book, rate="standard"):
    """The VAT in cents included in the positive entries of book."""
    income = sum(e.amount.cents for e in book.entries if e.amount.cents > 0)
    r = RATES[rate]
    return round_cents(income * r / (1 + r))
