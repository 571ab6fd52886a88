"""Export a book as CSV (loaded with importlib by app.commands)."""
import csv
import io

from ..formatting import money


def export(book):
    """day,text,amount lines with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "text", "amount"])
    for e in book.entries:
        writer.writerow([e.day, e.text, money(e.amount.cents, book.currency)])
    return out.getvalue()
