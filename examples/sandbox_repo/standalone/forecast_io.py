"""Read the monthly totals file of the forecast: one integer per line."""


def read_totals(path):
    """The integers of path, skipping blank lines and # comments."""
    with open(path, encoding="utf-8") as f:
        return [int(line) for line in (raw.split("#")[0].strip() for raw in f) if line]
