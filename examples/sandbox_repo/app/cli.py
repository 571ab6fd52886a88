"""Parse the command line and dispatch to a command."""
import argparse
import logging

from app import commands
from app.config import load_config

log = logging.getLogger(__name__)


def build_parser():
    """The argument parser of the ``ledger`` tool."""
    parser = argparse.ArgumentParser(prog="ledger")
    parser.add_argument("command", choices=sorted(commands.COMMANDS))
    parser.add_argument("path", help="a ledger file, one entry per line")
    parser.add_argument("--format", default="text", choices=["text", "csv", "json"])
    return parser


def run(argv):
    """Run one command; returns the process exit status."""
    args = build_parser().parse_args(argv)
    config = load_config()
    log.debug("running %s on %s", args.command, args.path)
    try:
        print(commands.COMMANDS[args.command](args.path, args.format, config))
    except (OSError, ValueError) as exc:
        log.error("%s: %s", args.path, exc)
        return 1
    return 0
