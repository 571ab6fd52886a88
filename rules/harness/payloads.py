"""payloads.py: the values the stub strategies pass (docs/sandbox.md, "The
self-test harness", lists them): the hostile set (or SANDBOX_EDGE_CASES),
the HTTP bodies the simulated network answers with under hostile_input, and
the misuse values."""
import json

TIMEOUT = "__TIMEOUT__"   # the original's timeout sentinel; as an HTTP body: the request times out


def _deep_dict(depth):
    d = {"leaf": 1}
    for i in range(depth):
        d = {"level%d" % i: d}
    return d


_heavy = None


def warm():
    """build the heavy payloads once, in the worker"""
    global _heavy
    if _heavy is None:
        _heavy = [
            ("huge_string", "A" * (1 << 20), 2),
            ("huge_int", 1 << 4096, 2),
            ("huge_list", list(range(100000)), 2),
            ("deep_dict", _deep_dict(200), 2),
            ("deep_json", "[" * 100000 + "]" * 100000, 2),
            ("neg_inf", float("-inf"), 2),
            ("big_negative", -(1 << 63), 2),
        ]
    return _heavy


def builtin(rng):
    """[(name, value, tier)]: tier 1 always, tier 2 from THREAT_INTENSITY 50;
    rng corrupts one byte string, so the seed picks which bytes"""
    flip = bytearray("Café bill total".encode("utf-8"))
    flip[rng.randrange(len(flip))] = 0xFF
    return _light(flip) + warm()


def _light(flip):
    return [
        # the original's edge cases
        ("malformed_json", '{"id": 1, "items": [1, 2,', 1),
        ("timeout_sentinel", TIMEOUT, 1),
        ("none", None, 1),
        ("empty_string", "", 1),
        ("invalid_date", "2024-13-45T25:61:00", 1),
        ("invalid_number", "12,5e--3", 1),
        ("invalid_email", "user@@example..com", 1),
        # valid JSON of the wrong shape
        ("json_array", "[1, 2, 3]", 1),
        ("json_string", '"just a string"', 1),
        # corrupted bytes and wrong encodings
        ("corrupted_bytes", b"Caf\xe9 \xff\xfe bill", 1),
        ("flipped_bytes", bytes(flip), 1),
        ("latin1_bytes", "Café".encode("latin-1"), 1),
        ("utf16_bytes", "total".encode("utf-16"), 1),
        ("mojibake", "CafÃ© â€œbillâ€", 1),
        ("lone_surrogate", "bill \ud800", 1),
        ("null_byte", "abc\x00def", 1),
        # injection strings
        ("sql_injection", "'; DROP TABLE users; --", 1),
        ("shell_injection", "$(touch /tmp/pwned); `id` | cat /etc/passwd", 1),
        ("path_traversal", "../../../../etc/passwd", 1),
        ("format_string", "%s%s%n {0.__class__.__mro__} {}", 1),
        ("html_script", "<script>alert(1)</script>", 1),
        # numbers at the edges
        ("nan", float("nan"), 1),
        ("inf", float("inf"), 1),
        ("negative", -1, 1),
        ("zero", 0, 1),
    ]


def load_edge_cases(spec):
    """SANDBOX_EDGE_CASES (a JSON file, or JSON text starting with { or [):
    [(name, value)] and {url: body}; raises ValueError when unreadable"""
    text = spec.strip()
    if not text.startswith(("{", "[")):
        with open(spec, encoding="utf-8") as f:
            text = f.read()
    data = json.loads(text)
    values, urls = [], {}
    if isinstance(data, list):
        values = [("case%d" % i, v) for i, v in enumerate(data)]
    elif isinstance(data, dict):
        for k, v in data.items():
            if k.startswith(("http://", "https://")):
                urls[k] = v
            else:
                values.append((k, v))
    else:
        raise ValueError("SANDBOX_EDGE_CASES: a JSON object or list, not %s" % type(data).__name__)
    return values, urls


class Payloads:
    """the hostile set of one self-test"""

    def __init__(self, scenario, edge_cases=None):
        rng = scenario.rng("payloads")
        self.urls = {}
        if edge_cases:
            self.values, self.urls = load_edge_cases(edge_cases)
        else:
            tier = 2 if scenario.intensity >= 50 else 1
            self.values = [(n, v) for n, v, t in builtin(rng) if t <= tier]
        self.bodies = [v for _, v in self.values
                       if isinstance(v, (str, bytes)) or v is None][:16] or [""]

    def body_for(self, url, rng):
        """the hostile HTTP body for url: the edge case's own, else one of
        the set's strings (None as "null")"""
        body = self.urls.get(url)
        if body is None and url not in self.urls:
            body = rng.choice(self.bodies)
        if body is None:
            return b"null"
        if isinstance(body, bytes):
            return body
        if not isinstance(body, str):
            body = json.dumps(body)
        return body.encode("utf-8", "surrogatepass")


def wrong_type(annotation, default):
    """a value of the wrong type for a parameter"""
    ref = annotation if isinstance(annotation, type) else type(default) if default is not None else None
    table = {str: 12345, int: "12", float: "1.5", bool: "yes", bytes: "text",
             list: "a,b", dict: ["key", "value"], tuple: 7, set: "abc"}
    if ref in table:
        return table[ref]
    return 3.5
