"""An older helper package nothing uses any more (package b)."""
