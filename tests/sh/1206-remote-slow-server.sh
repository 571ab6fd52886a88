#!/bin/sh
# A remote cache that accepts connections and never answers: each transfer
# times out (MENACE_REMOTE_CACHE_TIMEOUT), is retried a bounded number of
# times, the circuit opens, and the build succeeds locally with one
# warning. An interrupt while transfers hang stops the build at once
# (exit 130), not after the timeout.
. "$TOP/tests/sh/lib.sh"
mkdir srv ws
python3 "$TOP/tests/fixtures/score_backend/hang.py" srv &
DAEMONS="$DAEMONS $!"
wait_for srv/port
url=http://127.0.0.1:$(cat srv/port)/cache
cat >ws/menace.yaml <<'YAML'
version: 1
rules:
  a: {out: [a.txt], run: "echo a >> ../.runs; echo a > a.txt"}
  b: {out: [b.txt], run: "echo b >> ../.runs; echo b > b.txt"}
  c: {in: [a.txt, b.txt], out: [c.txt], run: "echo c >> ../.runs; cat a.txt b.txt > c.txt"}
YAML
runs_reset
MENACE_REMOTE_CACHE_TIMEOUT=500ms expect_exit 0 menace -C ws build -j2 --remote-cache "$url"
check_rebuilt a b c
assert_eq "$(grep -c 'remote cache' .err)" 1 "warnings"
assert_grep "menace: remote cache '$url' failed (GET /ac/" .err
assert_grep "timed out" .err
assert_eq "$(cat ws/c.txt | tr '\n' ' ')" "a b " "c.txt"
# a and b looked up together, then c, each tried 3 times: 3 failed
# transfers open the circuit, and nothing more (the uploads) is tried
assert_eq "$(wc -l <srv/accepted)" 9 "connections"
expect_exit 0 menace -C ws cache stats
assert_grep "remote: 0 hits, 3 misses, 0 bytes downloaded, 0 bytes uploaded, 3 errors" .out

# an interrupt while the transfers hang (60 s each by default)
rm -rf ws/.menace ws/*.txt
: >srv/accepted
"$MENACE" -C ws build --remote-cache "$url" >out.txt 2>err.txt &
pid=$!
i=0
while [ ! -s srv/accepted ]; do
	[ $i -lt 1000 ] || fail "menace never connected"
	sleep 0.02
	i=$((i + 1))
done
kill -INT $pid
i=0
while kill -0 $pid 2>/dev/null; do
	[ $i -lt 1000 ] || { kill -9 $pid; fail "menace did not stop within 20 s of SIGINT"; }
	sleep 0.02
	i=$((i + 1))
done
wait $pid
assert_eq "$?" 130 "exit status after SIGINT"
assert_no_grep "remote cache" err.txt
