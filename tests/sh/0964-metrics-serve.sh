# menace metrics --serve [ADDR:]PORT (and METRICS_PORT) serves the text of
# menace metrics on /metrics over HTTP/1.1, read afresh per request, HEAD
# too, 404 elsewhere, 405 for other methods, several clients at once
# answered one after the other, until SIGINT (130) or SIGTERM (130);
# checked with python3's urllib
. "$TOP/tests/sh/lib.sh"
# start_server LOG ARGS...: menace metrics ARGS in the background; sets
# $pid and $url once it listens
start_server() {
	log_=$1; shift
	"$MENACE" metrics "$@" >/dev/null 2>"$log_" &
	pid=$!
	i_=0
	until grep -q '^menace: serving http://' "$log_"; do
		[ $i_ -lt 400 ] || { cat "$log_" >&2; fail "the server never listened"; }
		kill -0 $pid 2>/dev/null || { cat "$log_" >&2; fail "the server exited"; }
		sleep 0.02
		i_=$((i_ + 1))
	done
	url=$(sed -n 's/^menace: serving \(http:.*\)$/\1/p' "$log_")
}
# stop_server SIG WANT: send SIG, the exit status must be WANT
stop_server() {
	kill -"$1" $pid
	wait $pid
	got_=$?
	[ "$got_" -eq "$2" ] || fail "after SIG$1 the server exited $got_, want $2"
}

expect_exit 0 menace note --tag INSIGHT "creates metrics.db"
expect_exit 0 menace metrics
cp .out want1
start_server srv.err --serve 127.0.0.1:0
case $url in http://127.0.0.1:[0-9]*/metrics) ;; *) fail "url '$url'" ;; esac
python3 - "$url" want1 <<'P' || fail "HTTP GET/HEAD/404/405"
import sys, urllib.request, urllib.error
url, want = sys.argv[1], open(sys.argv[2], "rb").read()
r = urllib.request.urlopen(url, timeout=10)
body = r.read()
assert r.status == 200 and body == want, (r.status, body[:200])
assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8", r.headers
assert int(r.headers["Content-Length"]) == len(want)
r = urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10)
assert r.status == 200 and r.read() == b"" and int(r.headers["Content-Length"]) == len(want)
r = urllib.request.urlopen(url + "?x=1", timeout=10)
assert r.status == 200 and r.read() == want
for path, method, code in (("/", "GET", 404), ("/metricsx", "GET", 404), ("/other", "HEAD", 404),
                           ("/metrics", "POST", 405)):
    try:
        urllib.request.urlopen(urllib.request.Request(url.replace("/metrics", path), method=method,
                                                      data=b"x" if method == "POST" else None), timeout=10)
        raise SystemExit("%s %s: no error" % (method, path))
    except urllib.error.HTTPError as e:
        assert e.code == code, (method, path, e.code)
        if code == 405:
            assert e.headers["Allow"] == "GET, HEAD"
P
# the text is made per request: a selftest row recorded now shows up
sqlite3 sandbox_data/metrics.db "INSERT INTO selftest_runs(run_id, module, scenario, level, passed,
  duration_s, exit_code, timed_out, recorded_at) VALUES('r', 'm.py', 'hostile_input', 'low', 1, 0.5, 0, 0, 'now')" ||
	fail "sqlite3"
expect_exit 0 menace metrics
cp .out want2
cmp -s want1 want2 && fail "the row changed nothing"
# eight clients at once: each gets the whole document
python3 - "$url" want2 <<'P' || fail "concurrent clients"
import sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
url, want = sys.argv[1], open(sys.argv[2], "rb").read()
def get(_):
    r = urllib.request.urlopen(url, timeout=20)
    return r.status, r.read()
with ThreadPoolExecutor(8) as ex:
    res = list(ex.map(get, range(8)))
assert all(s == 200 and b == want for s, b in res), [(s, len(b)) for s, b in res]
assert b'self_test_passed_total{scenario="hostile_input"} 1' in want
P
stop_server INT 130
# the port is free again: another server binds it, then SIGTERM ends it
port=${url##*:}; port=${port%/metrics}
start_server srv2.err --serve "$port"
assert_eq "$url" "http://127.0.0.1:$port/metrics" "the same port"
# a second server on a port in use: exit 2
expect_exit 2 menace metrics --serve "127.0.0.1:$port"
assert_grep "menace: cannot serve on '127.0.0.1:$port': Address already in use" .err
stop_server TERM 130
# METRICS_PORT when no flag is given
METRICS_PORT=0 start_server srv3.err
python3 -c 'import sys, urllib.request; assert urllib.request.urlopen(sys.argv[1], timeout=10).status == 200' "$url" ||
	fail "METRICS_PORT"
stop_server INT 130
# bad specs: exit 2, nothing served
expect_err 2 "menace: cannot serve on '70000': the port is not a number from 0 to 65535" menace metrics --serve 70000
expect_err 2 "menace: cannot serve on 'x:y': the port is not a number from 0 to 65535" menace metrics --serve x:y
METRICS_PORT=abc expect_err 2 "menace: cannot serve on 'abc': the port is not a number from 0 to 65535" menace metrics
expect_exit 2 menace metrics --serve no.such.host.invalid:0
assert_grep "menace: cannot serve on 'no.such.host.invalid:0'" .err
