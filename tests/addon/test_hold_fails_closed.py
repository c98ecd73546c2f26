"""Hold mode fails closed, and the analysis never stalls other flows: real mitmdump processes,
a loopback upstream that records every request it gets, and an analysis made to fail (or to
run long) on purpose by tests/sabotage.py."""

from __future__ import annotations

import base64
import http.client
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from helpers import ROOT, SAMPLES, free_port, proxy_command, stop, wait_for_port

VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
FORM = f"SAMLResponse={quote(base64.b64encode(VALID).decode(), safe='')}".encode()


class Upstream(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[str] = []


class _Handler(BaseHTTPRequestHandler):
    server: Upstream

    def _answer(self) -> None:
        self.server.seen.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def start_proxy(tmp_path: Path, sabotage: str, *options: str) -> tuple[subprocess.Popen[Any], int]:
    port = free_port()
    cmd = proxy_command(port, tmp_path / "conf", "saml_hold=true", "saml_any_acs=true", *options)
    cmd += ["-s", str(ROOT / "tests" / "sabotage.py")]
    env = {
        **os.environ,
        "SAMLSCOPE_SABOTAGE": sabotage,
        "SAMLSCOPE_SABOTAGE_STARTED": str(tmp_path / "analysis-started"),
    }
    out = open(tmp_path / "mitmdump.out", "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    wait_for_port(port, proc)
    return proc, port


def send(port: int, method: str, url: str, body: bytes | None = None) -> tuple[int, str, float]:
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    conn.request(method, url, body, headers)
    answer = conn.getresponse()
    text = answer.read().decode("utf-8", "replace")
    conn.close()
    return answer.status, text, time.monotonic() - start


def test_a_failing_analysis_never_forwards_a_held_post(tmp_path: Path, upstream: Upstream) -> None:
    proc, port = start_proxy(tmp_path, "raise")
    base = f"http://127.0.0.1:{upstream.server_port}"
    try:
        status, page, _ = send(port, "POST", f"{base}/acs", FORM)
        assert status == 200 and "not</strong> forwarded" in page
        assert "sabotaged on purpose" in page
        assert upstream.seen == [], "the held SAML POST reached the service provider"
        # The upstream is reachable through this proxy: the test above could have failed.
        assert send(port, "GET", f"{base}/ordinary")[0] == 200
        assert upstream.seen == ["GET /ordinary"]
    finally:
        stop(proc, 10)


def test_a_long_analysis_neither_forwards_nor_stalls_other_flows(
    tmp_path: Path, upstream: Upstream
) -> None:
    proc, port = start_proxy(tmp_path, "slow", "saml_timeout=2")
    base = f"http://127.0.0.1:{upstream.server_port}"
    try:
        usual = statistics.median(send(port, "GET", f"{base}/warm")[2] for _ in range(7))
        held: list[tuple[int, str, float]] = []
        poster = threading.Thread(
            target=lambda: held.append(send(port, "POST", f"{base}/acs", FORM))
        )
        poster.start()
        started = tmp_path / "analysis-started"  # created (empty, atomically) when it begins
        deadline = time.monotonic() + 30
        while not started.exists():
            assert time.monotonic() < deadline and poster.is_alive(), "no analysis started"
            time.sleep(0.02)
        during = [send(port, "GET", f"{base}/during")[2] for _ in range(5)]
        assert poster.is_alive(), "the analysis ended before the requests were measured"
        poster.join(timeout=30)
        status, page, _ = held[0]
        assert status == 200 and "longer than 2 s" in page
        assert all(not seen.startswith("POST") for seen in upstream.seen), upstream.seen
        assert statistics.median(during) < usual + 0.2, (usual, during)
    finally:
        stop(proc, 10)
