"""Each scenario's effect changes a real module's outcome; the seed makes
the result repeatable."""
import unittest

from util import WorkerCase

FEED = '''
import json


def parse_amount(text: str) -> float:
    """a JSON parser that trusts its input's shape"""
    data = json.loads(text)
    return float(data.get("amount", 0))


def total(record: dict) -> float:
    return float(record["amount"]) + float(record["fee"])


def shout(text: str) -> str:
    return text.upper()
'''

NET = '''
import urllib.request


def rate(url: str = "http://rates.example.com/eur") -> str:
    try:
        body = urllib.request.urlopen(url, timeout=5).read()
    except OSError:
        body = None
    return body.decode("utf-8")


def rate_retry(url: str = "http://rates.example.com/eur") -> str:
    for _ in range(3):
        try:
            return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
        except OSError as e:
            last = e
    raise last


def quick(url: str = "http://rates.example.com/eur") -> bytes:
    return urllib.request.urlopen(url, timeout=0.2).read()
'''

BUSY = '''
import time

_busy = False


def work() -> int:
    global _busy
    if _busy:
        raise RuntimeError("re-entered")
    _busy = True
    time.sleep(0.02)
    _busy = False
    return 1
'''


class Effects(WorkerCase):
    FILES = {"feed.py": FEED, "net.py": NET, "busy.py": BUSY}

    def test_hostile_input_breaks_a_trusting_parser(self):
        rep, s, _, _ = self.run_req("feed.py", "high_latency_api")
        self.assertEqual(rep, {"exit": 0})
        self.assertEqual(self.outcome(s, "parse_amount"), "returned")
        rep, s, _, out = self.run_req("feed.py", "hostile_input")
        self.assertEqual(rep, {"exit": 1})
        self.assertEqual(self.outcome(s, "parse_amount"), "error")
        self.assertIn("AttributeError", out)
        self.assertGreater(s["failures"], 0)

    def test_schema_drift_breaks_a_dict_reader(self):
        rep, s, *_ = self.run_req("feed.py", "schema_drift")
        _ = self.run_req("feed.py", "schema_drift")[2]
        self.assertEqual(rep, {"exit": 1})
        self.assertEqual(self.outcome(s, "total"), "error")
        errors = {x.get("error") for x in _[1:] if x.get("done") == "feed:total"}
        self.assertIn("KeyError", errors)

    def test_user_misuse_breaks_an_untyped_call(self):
        rep, s, _, _ = self.run_req("feed.py", "user_misuse")
        self.assertEqual(self.outcome(s, "shout"), "error")
        _, s, _, _ = self.run_req("feed.py", "concurrency_spike")
        self.assertEqual(self.outcome(s, "shout"), "returned")

    def test_flaky_upstream_breaks_a_caller_without_retry(self):
        rep, s, _, _ = self.run_req("net.py", "high_latency_api")
        self.assertEqual(rep, {"exit": 0}, s)
        self.assertGreater(s["effects"]["delayed_ms"], 500)
        rep, s, _, _ = self.run_req("net.py", "flaky_upstream")
        self.assertEqual(rep, {"exit": 1})
        self.assertEqual(self.outcome(s, "rate"), "error")
        self.assertEqual(self.outcome(s, "rate_retry"), "returned")
        self.assertGreater(s["effects"]["failed_requests"], 0)

    def test_high_latency_times_out_a_short_timeout(self):
        rep, s, lines, _ = self.run_req("net.py", "high_latency_api", "high")
        self.assertGreaterEqual(s["effects"]["delayed_ms"], 1500)
        self.assertEqual(self.outcome(s, "quick"), "upstream_error")
        self.assertEqual(self.outcome(s, "rate_retry"), "returned")
        rep, s, lines, _ = self.run_req("net.py", "schema_drift")
        self.assertEqual(self.outcome(s, "quick"), "returned")

    def test_concurrency_spike_breaks_shared_state(self):
        rep, s, _, _ = self.run_req("busy.py", "high_latency_api")
        self.assertEqual(self.outcome(s, "work"), "returned")
        rep, s, _, _ = self.run_req("busy.py", "concurrency_spike")
        self.assertEqual(rep, {"exit": 1})
        self.assertEqual(self.outcome(s, "work"), "error")
        self.assertGreaterEqual(s["effects"]["threads"], 10)

    def test_burst_fits_the_memory_limit(self):
        import client
        preset = dict(client.PRESETS["concurrency_spike"]["low"], THREAD_BURST="50", MAX_THREADS="200")
        rep, s, _, out = self.run_req("feed.py", "concurrency_spike", preset=preset, mem_bytes=512 << 20)
        self.assertEqual(rep, {"exit": 0}, out)
        self.assertEqual(self.outcome(s, "shout"), "returned")
        self.assertEqual(s["effects"]["threads"], 3 * 51)

    def test_same_seed_same_summary(self):
        a = self.run_req("feed.py", "hostile_input", "high", seed=99)[2]
        b = self.run_req("feed.py", "hostile_input", "high", seed=99)[2]
        self.assertEqual(a, b)
        a = self.run_req("net.py", "high_latency_api", "high", seed=7)[1]
        b = self.run_req("net.py", "high_latency_api", "high", seed=7)[1]
        self.assertEqual(a, b)

    def test_edge_cases_replace_the_payloads(self):
        _, s, lines, _ = self.run_req("feed.py", "hostile_input",
                                      edge_cases='{"ok": "{\\"amount\\": 2}", "bad": "[1]"}')
        calls = [x for x in lines if x.get("done") == "feed:parse_amount"]
        self.assertEqual([c["outcome"] for c in calls], ["returned", "error"])


if __name__ == "__main__":
    unittest.main()
