"""Exchange rates as the bank's feed sends them: one JSON object per line,
{"currency": "EUR", "rate": "1.08"}.

Nothing imports this module and it has no test file, so the sandbox's
self-test is a stub test: it calls parse_rate with each scenario's inputs
(docs/sandbox.md, "The self-test harness"). The bug it finds: a line is
trusted to be a JSON object that has a "rate" key.
- hostile_input: valid JSON of another shape ("[1, 2, 3]") raises
  AttributeError (a list has no .get), an error: the self-test fails;
- schema_drift: a record whose keys were renamed (an older feed) raises
  KeyError, an error: the self-test fails;
- high_latency_api, concurrency_spike, flaky_upstream: it gets a well-formed
  record (the keys it reads) and returns; user_misuse: wrong types and
  missing arguments raise TypeError, a clean refusal: those pass.
"""
import json


def parse_rate(line: str) -> tuple:
    """(currency, rate) of one feed line; the currency defaults to EUR."""
    record = json.loads(line)
    return record.get("currency", "EUR"), float(record["rate"])
