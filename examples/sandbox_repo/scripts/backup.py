#!/usr/bin/env python3
"""Back up a ledger file as JSON: ``python3 -m scripts.backup LEDGER OUT`` (from the top)."""
import sys
from pathlib import Path

from app.importer import read_ledger
from app.storage import dump


def main(argv):
    """Write the JSON backup of argv[0] to argv[1]."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    Path(argv[1]).write_text(dump(read_ledger(argv[0])), encoding="utf-8")
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
