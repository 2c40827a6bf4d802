"""Hostile clients against a paced, token-guarded `drillsim run --serve`:
a malformed request, an oversized header, a slow-loris, a flood of
connections, bad WebSocket frames, a missing and a wrong token. Each is
answered as the README's security section says, the server goes on
answering well-behaved clients, and the run is unharmed: its fingerprint
is the one of the same run unserved. Standard library only.

usage: serve_hostile_test.py DRILLSIM SOURCE_DIR WORK_DIR"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_run import LiveRun, check, fresh_dir  # noqa: E402

drillsim, source, work = sys.argv[1:4]
fresh_dir(work)
drill = os.path.join(source, "configs", "joint_drill.yaml")
TOKEN = "hostile-test-token"
plain = os.path.join(work, "plain")
subprocess.run([drillsim, "run", drill, "--replication", "0", "--out", plain, "-q"], check=True, timeout=60)
out = os.path.join(work, "served")
run = LiveRun([drillsim, "run", drill, "--replication", "0", "-q", "--out", out, "--serve", "0", "--pace", "43200x",
               "--stay", "--token", TOKEN])


def conn(timeout=15):
    s = socket.create_connection(("127.0.0.1", run.port), timeout=timeout)
    return s


def exchange(data, timeout=15):
    """Sends `data`, returns everything until the server closes (b"" if it
    closed without a word)."""
    s = conn(timeout)
    try:
        s.sendall(data)
    except OSError:
        pass
    got = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            got += b
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return got


auth = b"Authorization: Bearer " + TOKEN.encode() + b"\r\n"
host = b"Host: 127.0.0.1:%d\r\n" % run.port

r = exchange(b"NOT HTTP AT ALL\r\n\r\n")
check(r.startswith(b"HTTP/1.1 400"), "a malformed request: 400, then closed")
r = exchange(b"GET /api/run HTTP/1.1\r\n" + host + auth + b"X-Pad: " + b"a" * 20000 + b"\r\n\r\n")
check(r.startswith(b"HTTP/1.1 431"), "an oversized header: 431, then closed")
r = exchange(b"GET /api/run HTTP/1.1\r\n" + host + b"\r\n")
check(r.startswith(b"HTTP/1.1 401") and b"WWW-Authenticate: Bearer" in r, "no token: 401 with WWW-Authenticate")
r = exchange(b"GET /metrics HTTP/1.1\r\n" + host + b"Authorization: Bearer wrong\r\nConnection: close\r\n\r\n")
check(r.startswith(b"HTTP/1.1 401"), "a wrong token: 401")
r = exchange(b"GET /../../etc/passwd HTTP/1.1\r\n" + host + auth + b"Connection: close\r\n\r\n")
check(r.startswith(b"HTTP/1.1 400") and b"root:" not in r, "a path that climbs: 400, no file")

# A slow-loris: the header never ends; the server hangs up within its
# 10 s request time-out (generous bound: 30 s).
s = conn(timeout=30)
s.sendall(b"GET /api/run HTTP/1.1\r\n" + host)
start = time.monotonic()
closed = False
try:
    while time.monotonic() - start < 30:
        s.sendall(b"X-Slow: 1\r\n")
        s.settimeout(1)
        try:
            if s.recv(65536) == b"":
                closed = True
                break
        except socket.timeout:
            pass
except (BrokenPipeError, ConnectionResetError):
    closed = True
s.close()
check(closed, "a slow-loris is cut off (after %.1f s)" % (time.monotonic() - start))

# A flood: far more connections than the limit (256); the extra ones are
# closed unanswered, and once they go the server answers again.
flood = []
for _ in range(400):
    try:
        flood.append(conn(timeout=5))
    except OSError:
        break
refused = 0
for s in flood[300:]:
    s.settimeout(5)
    try:
        if s.recv(1) == b"":
            refused += 1
    except (socket.timeout, ConnectionResetError):
        pass
check(refused >= 50, "a flood of %d connections: %d of the last 100 closed at once" % (len(flood), refused))
for s in flood:
    s.close()
ok = False
for _ in range(50):
    try:
        ok = run.get("/api/run", token=TOKEN)[0] == 200
        break
    except Exception:
        time.sleep(0.2)
check(ok, "after the flood the server answers")

# Bad WebSocket frames: an upgrade without the token is refused; with it,
# an unmasked frame with a reserved opcode closes that socket only.
key = base64.b64encode(os.urandom(16))
upgrade = (b"GET /ws HTTP/1.1\r\n" + host + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: " + key + b"\r\nSec-WebSocket-Version: 13\r\n")
r = exchange(upgrade + b"\r\n")
check(r.startswith(b"HTTP/1.1 401"), "a WebSocket upgrade without the token: 401")
s = conn()
s.sendall(upgrade + auth + b"\r\n")
head = s.recv(4096)
check(head.startswith(b"HTTP/1.1 101"), "a WebSocket upgrade with the token: 101")
s.sendall(bytes([0x83, 0x02]) + b"hi")
rest = b""
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        rest += b
except (socket.timeout, ConnectionResetError):
    pass
s.close()
check(len(rest) < 64, "a bad frame: the socket is closed (%r)" % rest[:16])
# A frame that claims 2^63 bytes.
s = conn()
s.sendall(upgrade + auth + b"\r\n")
s.recv(4096)
s.sendall(bytes([0x81, 0xFF]) + (2**63 - 1).to_bytes(8, "big") + b"mask")
closed = False
try:
    while True:
        b = s.recv(4096)
        if not b:
            closed = True
            break
except ConnectionResetError:
    closed = True
except socket.timeout:
    pass
s.close()
check(closed, "a frame larger than the message limit: closed")

status, body = run.get("/api/run", token=TOKEN)
check(status == 200 and json.loads(body)["drill"], "well-behaved clients are still answered")
run.wait_for_line("the run has ended", 60)
check(run.interrupt() == 0, "the run ends normally")
fp = json.load(open(os.path.join(out, "summary.json")))["manifest"]["fingerprint"]
want = json.load(open(os.path.join(plain, "summary.json")))["manifest"]["fingerprint"]
check(fp == want, "the run's fingerprint is unharmed (%s)" % fp)
for name in ("summary.pb", "metrics.prom", "timeseries.csv"):
    check(open(os.path.join(out, name), "rb").read() == open(os.path.join(plain, name), "rb").read(),
          name + " is the unserved run's")
print("all checks passed")
