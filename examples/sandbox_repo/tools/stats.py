"""Statistics over the amounts of a book."""


def mean(values):
    return sum(values) / len(values) if values else 0


def median(values):
    """The median; the bug: for an even count it takes the upper middle value."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    return ordered[len(ordered) // 2]
