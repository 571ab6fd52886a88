# a module that connects to a listener on 127.0.0.1 at import reaches
# nothing: the listener never sees a connection (the harness may refuse the
# connection or simulate a peer), and the result says how the child was cut
# off (depends on the harness's network isolation)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir pkg
python3 - >port <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
s.settimeout(30)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
try:
    c, _ = s.accept()
    open("reached", "w").write("a connection\n")
except socket.timeout:
    pass
PY
listener=$!
wait_for port
i=0
until [ -s port ]; do i=$((i + 1)); [ $i -lt 200 ] || fail "no port"; sleep 0.02; done
cat >pkg/caller.py <<PY
import socket
s = socket.create_connection(("127.0.0.1", $(cat port)), timeout=5)
s.sendall(b"hello")
print("connected")
PY
expect_exit 0 env SELF_TEST_TIMEOUT=20 "$MENACE" selftest --module pkg/caller.py --scenario hostile_input --out c.json
# the listener gives up after a short while: connect to it ourselves to end it
sleep 0.5
[ -e reached ] && fail "the module reached the listener"
python3 -c "import socket; socket.create_connection(('127.0.0.1', $(cat port)), timeout=5)"
wait $listener
case $(jget c.json network) in
namespace|landlock|socket) ;;
*) fail "network: $(jget c.json network)" ;;
esac
