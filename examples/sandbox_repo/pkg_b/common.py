"""Text helpers; same file name as pkg_a/common.py, different module."""


def squeeze(text):
    """Collapse runs of whitespace to one space."""
    return " ".join(text.split())


def truncate(text, width):
    """text cut to width characters, with an ellipsis when cut."""
    text = squeeze(text)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
