"""menace_harness: menace's self-test harness (docs/sandbox.md, "The self-test
harness"). menace embeds every rules/harness/*.py in its binary and writes them
to POOLDIR/py/menace_harness/; worker.py is the entry point. stdlib only,
Python 3.9+."""
