"""Export a book as JSON."""
from .. import storage


def export(book):
    """The same document the backups use."""
    return storage.dump(book)
