"""The proxy keeps working: 1,000 hostile SAML POSTs through a real mitmdump (hold mode, so
nothing goes upstream) leave it serving ordinary requests, without memory growing with them."""

from __future__ import annotations

import base64
import http.client
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from helpers import SAMPLES, free_port, proxy_command, stop

VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()


def hostile_bodies() -> list[bytes]:
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    xml = [
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        b'<!DOCTYPE r [<!ENTITY l0 "lol">' + laughs + b"]><r>&l9;</r>",
        b"<a>" * 5000 + b"</a>" * 5000,
        VALID.replace(b"Alice Example", b"[bold]:ram: &#x9b;31m"),
        VALID[: len(VALID) // 2],
        VALID.replace(b"_a1b2c3d4-assert-0001", b"_evil", 1),
    ]
    values = [base64.b64encode(x).decode() for x in xml] + ["%%%not base64", "", "QQ=Q"]
    return [f"SAMLResponse={quote(v, safe='')}".encode() for v in values]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_burst_of_hostile_posts(tmp_path: Path) -> None:
    backend = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(SAMPLES / "idp"))
    )
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = free_port()
    with open(tmp_path / "mitmdump.out", "w") as out:
        cmd = proxy_command(port, tmp_path / "conf", "saml_hold=true")
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    bodies = hostile_bodies()

    def post(i: int) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request(
            "POST",
            "http://signin.alibabacloud.com/saml-role/sso",
            bodies[i % len(bodies)],
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        status = conn.getresponse().status
        conn.close()
        return status

    def ordinary() -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"http://127.0.0.1:{backend.server_address[1]}/test-idp-cert.pem")
        response = conn.getresponse()
        ok = b"BEGIN CERTIFICATE" in response.read()
        conn.close()
        return response.status if ok else -1

    try:
        for _ in range(300):
            try:
                if ordinary() == 200:
                    break
            except OSError:
                time.sleep(0.1)
        for i in range(100):  # warm up: caches, lazy imports, allocator pools
            assert post(i) == 200
        warm = rss_mb(proc.pid)
        statuses = [post(i) for i in range(1000)]
        after = rss_mb(proc.pid)
        assert statuses.count(200) == 1000  # every hostile POST answered by the report page
        assert ordinary() == 200 and proc.poll() is None
        assert after - warm < 25, f"RSS grew from {warm:.0f} MB to {after:.0f} MB"
        print(f"burst: RSS {warm:.0f} MB after warm-up, {after:.0f} MB after 1,000 hostile POSTs")
    finally:
        stop(proc)
        backend.shutdown()
    log = (tmp_path / "mitmdump.out").read_text()
    assert "Traceback" not in log, log[-2000:]
