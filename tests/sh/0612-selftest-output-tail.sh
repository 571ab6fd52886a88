# output_tail keeps the last 4 KiB, as valid UTF-8 even when the cut or the
# output itself is not
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir pkg
cat >pkg/loud.py <<'PY'
import sys
for i in range(2000):
    print("line %d é" % i)
sys.stdout.flush()
sys.stdout.buffer.write(b"bad bytes \xff\xfe\x00 end\n")
PY
expect_exit 0 menace selftest --module pkg/loud.py --scenario hostile_input --out l.json
python3 - <<'PY' || fail "bad tail"
import json
t = json.load(open("l.json"))["output_tail"]
b = t.encode("utf-8")
assert len(b) <= 4096, len(b)
assert len(b) >= 4090, len(b)
assert t.endswith("bad bytes ??? end\n"), repr(t[-30:])
assert "line 1999 é" in t
assert "line 1000 é" not in t
PY
