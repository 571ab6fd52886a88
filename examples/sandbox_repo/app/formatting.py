"""Formatting of amounts and tables for the terminal."""
from .slug import slugify


def money(cents: int, currency: str) -> str:
    """1234 EUR -> '12.34 EUR'; negative amounts keep their sign."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d} {currency}"


def table(header, rows):
    """A plain text table with left-aligned columns."""
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def anchor(title: str) -> str:
    """An HTML anchor name for a report section."""
    return "#" + slugify(title)
