"""Export a book as fixed-width text.

Deprecated: use app.plugins.csv_export; kept for old batch jobs.
"""
import warnings


def export(book):
    """Fixed-width lines: day, text (30 columns), cents."""
    warnings.warn("old_export is deprecated", DeprecationWarning, stacklevel=2)
    return "\n".join(f"{e.day} {e.text[:30]:<30} {e.amount.cents:>10}" for e in book.entries)
