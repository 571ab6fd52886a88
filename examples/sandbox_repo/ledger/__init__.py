"""The ledger model: money, entries and books."""
