"""Audit a book against a set of rules and list the findings."""
from ledger.book import Book

from .audit_rules import RULES


def audit(book: Book):
    """[(rule name, entry)] for every entry a rule objects to."""
    findings = []
    for entry in book.entries:
        for name, rule in RULES:
            if rule(entry):
                findings.append((name, entry))
    return findings
