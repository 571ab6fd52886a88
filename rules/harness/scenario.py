"""scenario.py: a self-test's scenario as the harness uses it: the preset's
variables read once (numbers, booleans), the seed, and the deterministic
random streams derived from them. A stream is named by its purpose and the
function or test it serves, never by time or thread, so the same seed gives
the same results whatever the scheduling."""
import hashlib
import random
import threading


def _num(v, default):
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _bool(v):
    return str(v).strip().lower() in ("1", "true", "yes", "on")


class Scenario:
    """the preset of one request, typed"""

    def __init__(self, name, level, preset, seed):
        p = preset or {}
        self.name = name or p.get("SCENARIO_NAME", "")
        self.level = level or "low"
        self.seed = int(seed or 0)
        self.preset = p
        self.strategy = p.get("SANDBOX_STUB_STRATEGY", "") or "basic"
        self.intensity = _num(p.get("THREAT_INTENSITY"), 30)
        self.latency_ms = _num(p.get("NETWORK_LATENCY_MS"), 0)
        self.jitter_ms = _num(p.get("NETWORK_JITTER_MS"), 0)
        self.api_latency_ms = _num(p.get("API_LATENCY_MS"), 0)
        self.packet_loss = _num(p.get("PACKET_LOSS"), 0)
        self.upstream_failures = int(_num(p.get("UPSTREAM_FAILURES"), 0))
        self.upstream_requests = max(1, int(_num(p.get("UPSTREAM_REQUESTS"), 1)))
        self.hostile = _bool(p.get("MALICIOUS_DATA")) or self.strategy == "hostile"
        self.schema_mismatches = int(_num(p.get("SCHEMA_MISMATCHES"), 0))
        self.thread_burst = int(_num(p.get("THREAD_BURST"), 0))
        self.task_burst = int(_num(p.get("ASYNC_TASK_BURST"), 0))
        max_threads = int(_num(p.get("MAX_THREADS"), 0))
        if max_threads and self.thread_burst > max_threads:
            self.thread_burst = max_threads
        self.cpu_spike = _bool(p.get("CPU_SPIKE"))

    def rng(self, *parts):
        """a random stream for parts (a purpose, a function, an index...)"""
        return random.Random(derive(self.seed, *parts))


def derive(seed, *parts):
    text = "\0".join([str(seed)] + [str(p) for p in parts])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big")


class Context:
    """which function call or test the current thread serves, and how many
    requests each has made: the key of the network's random streams"""

    def __init__(self):
        self.local = threading.local()
        self.lock = threading.Lock()
        self.counts = {}

    def set(self, key):
        self.local.key = key

    def get(self):
        return getattr(self.local, "key", "<module>")

    def next_request(self):
        key = self.get()
        with self.lock:
            i = self.counts.get(key, 0)
            self.counts[key] = i + 1
        return key, i


context = Context()
