"""network.py: the simulated network of a self-test. No real traffic leaves
the child: every TCP connect to an internet address (loopback included) is
answered by a simulated HTTP server on a socketpair, host names resolve to
TEST-NET addresses without DNS, UDP datagrams are dropped. The scenario
decides each request, from a random stream named by the call or test that
makes it and the request's index there:

- latency: NETWORK_LATENCY_MS +- NETWORK_JITTER_MS + API_LATENCY_MS; a
  client whose timeout is shorter gets socket.timeout; the full latency is
  counted in effects.delayed_ms but slept for real only up to REAL_SLEEP_MS
  per request (and REAL_SLEEP_BUDGET_MS per child), so runs stay fast;
- PACKET_LOSS: that share of requests times out;
- UPSTREAM_FAILURES of every UPSTREAM_REQUESTS requests fail (the first of
  each call or test among them), as ConnectionResetError,
  ConnectionRefusedError, a 503 answer, a dropped connection (http.client's
  RemoteDisconnected) or a timeout;
- hostile_input: the answer's body is a hostile payload (the timeout
  sentinel as a 504 Gateway Timeout).
Sockets of other families (AF_UNIX) are left alone."""
import errno
import hashlib
import os
import socket
import ssl
import threading
import time
import weakref

from .scenario import context

REAL_SLEEP_MS = 10
REAL_SLEEP_BUDGET_MS = 1000
FAIL_KINDS = ("reset", "refused", "503", "disconnect", "timeout")

SERVER_STACK = 256 * 1024    # a server thread per connection must fit RLIMIT_AS
_start_lock = threading.Lock()
_real = {}
_sim = weakref.WeakSet()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.network_calls = 0
        self.delayed_ms = 0
        self.failed_requests = 0
        self.slept_ms = 0

    def add(self, name, n):
        with self.lock:
            setattr(self, name, getattr(self, name) + n)


class Network:
    def __init__(self, scenario, payloads, stats):
        self.sc = scenario
        self.payloads = payloads
        self.stats = stats

    def sleep(self, ms):
        with self.stats.lock:
            ms = min(ms, REAL_SLEEP_MS, REAL_SLEEP_BUDGET_MS - self.stats.slept_ms)
            if ms <= 0:
                return
            self.stats.slept_ms += ms
        time.sleep(ms / 1000.0)

    def plan(self, timeout):
        """the fate of the next request: (kind, latency_ms, rng); kind is
        None (answered), or one of FAIL_KINDS"""
        sc = self.sc
        key, i = context.next_request()
        rng = sc.rng("net", key, i)
        self.stats.add("network_calls", 1)
        ms = 0.0
        if sc.latency_ms or sc.api_latency_ms:
            ms = max(0.0, sc.latency_ms + rng.uniform(-sc.jitter_ms, sc.jitter_ms)) + sc.api_latency_ms
        self.stats.add("delayed_ms", int(round(ms)))
        kind = None
        if sc.upstream_failures and (i * sc.upstream_failures) % sc.upstream_requests < sc.upstream_failures:
            kind = rng.choice(FAIL_KINDS)
        elif sc.packet_loss and rng.random() < sc.packet_loss:
            kind = "timeout"
        elif timeout and ms > timeout * 1000.0:
            kind = "timeout"
        if kind is not None:
            self.stats.add("failed_requests", 1)
        return kind, ms, rng

    def connect(self, sock, address):
        timeout = sock.gettimeout()
        kind, ms, rng = self.plan(timeout)
        if kind == "timeout":
            self.sleep(min(ms, (timeout or 0) * 1000.0) or REAL_SLEEP_MS)
            raise socket.timeout("timed out")
        if kind == "reset":
            raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
        if kind == "refused":
            raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
        a, b = socket.socketpair()
        try:
            os.dup2(b.fileno(), sock.fileno(), inheritable=False)
        finally:
            b.close()
        sock.settimeout(timeout)
        _sim.add(sock)
        if type(sock) is socket.socket:
            sock.__class__ = SimSocket
        t = threading.Thread(target=self.serve, args=(a, kind, ms, rng, address), daemon=True)
        with _start_lock:
            old = threading.stack_size(SERVER_STACK)
            try:
                t.start()
            except RuntimeError:
                a.close()
                raise ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
            finally:
                threading.stack_size(old)

    def serve(self, conn, kind, ms, rng, address):
        try:
            head = _read_request(conn)
            self.sleep(ms)
            if head is None or kind == "disconnect":
                return
            url = _url(head, address)
            if kind == "503":
                status, body = "503 Service Unavailable", b"Service Unavailable"
            elif self.sc.hostile:
                body = self.payloads.body_for(url, rng)
                status = "200 OK"
                if body in (b'"__TIMEOUT__"', b"__TIMEOUT__"):
                    status, body = "504 Gateway Timeout", b"upstream timed out"
            else:
                status, body = "200 OK", b'{"status": "ok", "data": {}}'
            conn.sendall(("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %d\r\nConnection: close\r\n\r\n"
                          % (status, len(body))).encode("ascii") + body)
        except OSError:
            pass
        finally:
            conn.close()


def _read_request(conn):
    """the request's head (bytes), its body skipped; None when it is not HTTP"""
    conn.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 1 << 20:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n" in data and not _http_line(data):
                break
    except OSError:
        pass
    head = data.split(b"\r\n\r\n", 1)[0]
    return head if _http_line(head) else None


def _http_line(data):
    return data.split(b"\r\n", 1)[0].endswith((b"HTTP/1.1", b"HTTP/1.0"))


def _url(head, address):
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    target = parts[1] if len(parts) > 1 else "/"
    if target.startswith(("http://", "https://")):
        return target
    host = ""
    for line in lines[1:]:
        if line.lower().startswith("host:"):
            host = line.split(":", 1)[1].strip()
    scheme = "https" if address and len(address) > 1 and address[1] == 443 else "http"
    if scheme == "https" and host.endswith(":443"):
        host = host[:-4]
    return "%s://%s%s" % (scheme, host, target)


class SimSocket(socket.socket):
    """a connected simulated socket; answers what ssl and urllib3 ask"""
    __slots__ = ()

    def version(self):
        return "TLSv1.3"

    def getpeercert(self, binary_form=False):
        return b"" if binary_form else {}

    def cipher(self):
        return ("TLS_AES_128_GCM_SHA256", "TLSv1.3", 128)

    def selected_alpn_protocol(self):
        return None


def _inet(sock):
    return sock.family in (socket.AF_INET, socket.AF_INET6)


def fake_address(host):
    if host in (None, "", "localhost") or _numeric(host):
        return None
    h = hashlib.sha256(host.encode("utf-8", "replace")).digest()
    return "192.0.2.%d" % (1 + h[0] % 250)


def _numeric(host):
    for fam in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(fam, str(host).split("%")[0])
            return True
        except (OSError, ValueError):
            pass
    return False


def install(net):
    """patch the socket layer (and ssl for simulated sockets)"""
    S = socket.socket
    _real.update(connect=S.connect, connect_ex=S.connect_ex, sendto=S.sendto,
                 getaddrinfo=socket.getaddrinfo, gethostbyname=socket.gethostbyname,
                 gethostbyname_ex=socket.gethostbyname_ex, wrap=ssl.SSLContext.wrap_socket,
                 setsockopt=S.setsockopt)

    def connect(self, address):
        if not _inet(self):
            return _real["connect"](self, address)
        return net.connect(self, address)

    def connect_ex(self, address):
        if not _inet(self):
            return _real["connect_ex"](self, address)
        try:
            net.connect(self, address)
        except socket.timeout:
            return errno.ETIMEDOUT
        except OSError as e:
            return e.errno or errno.ECONNREFUSED
        return 0

    def setsockopt(self, *args):
        try:
            return _real["setsockopt"](self, *args)
        except OSError:
            if self not in _sim:
                raise
            return None

    def sendto(self, data, *args):
        if not _inet(self):
            return _real["sendto"](self, data, *args)
        net.stats.add("network_calls", 1)
        return len(data)

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        ip = fake_address(host.decode() if isinstance(host, bytes) else host)
        if ip is None:
            return _real["getaddrinfo"](host, port, family, type, proto, flags)
        if family not in (0, socket.AF_UNSPEC, socket.AF_INET):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if isinstance(port, (str, bytes)):
            p = port.decode() if isinstance(port, bytes) else port
            port = int(p) if p.isdigit() else {"http": 80, "https": 443}.get(p, 0)
        res = []
        for st in ([type] if type else [socket.SOCK_STREAM, socket.SOCK_DGRAM]):
            pr = proto or (socket.IPPROTO_TCP if st == socket.SOCK_STREAM else socket.IPPROTO_UDP)
            res.append((socket.AF_INET, st, pr, "", (ip, port or 0)))
        return res

    def gethostbyname(host):
        return fake_address(host) or _real["gethostbyname"](host)

    def gethostbyname_ex(host):
        ip = fake_address(host)
        return (host, [], [ip]) if ip else _real["gethostbyname_ex"](host)

    def wrap_socket(self, sock, *args, **kwargs):
        if sock in _sim:
            return sock
        return _real["wrap"](self, sock, *args, **kwargs)

    S.connect, S.connect_ex, S.sendto, S.setsockopt = connect, connect_ex, sendto, setsockopt
    socket.getaddrinfo, socket.gethostbyname = getaddrinfo, gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    ssl.SSLContext.wrap_socket = wrap_socket
