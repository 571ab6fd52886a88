#!/usr/bin/env python3
"""Command-line entry point of the ledger tool: ``python3 main.py report FILE``."""
import sys

from app.cli import run


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
