"""Hostile input: each case gets a clear finding and a defined exit code, in a separate process,
within 2 s and 200 MB, opening no local file it was pointed at and no internet socket, and
printing no raw control character. (strace proves the file and socket part.)"""

from __future__ import annotations

import base64
import gzip
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES

SAMLSCOPE = Path(sys.executable).with_name("samlscope")
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
SAMLP = b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0">'
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_SECONDS, MAX_RSS_MB = 2.0, 200


def b64(data: bytes) -> bytes:
    return base64.b64encode(data)


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    code: str | None
    """The finding expected first (None: any analysis is fine, e.g. a valid response)."""
    exit_code: int


def cases(secret: Path, port: int) -> list[Case]:
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
    big = "x" * 50_000
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    hostile_values = VALID.replace(
        b"Alice Example", "[bold red]:ram: &#x9b;31m \u202eevil".encode()
    )
    return [
        Case(
            "xxe-file",
            b64(
                b'<!DOCTYPE r [<!ENTITY x SYSTEM "file://'
                + str(secret).encode()
                + b'">]>'
                + SAMLP
                + b"&x;</samlp:Response>"
            ),
            "SAML002",
            1,
        ),
        Case(
            "xxe-network",
            b64(
                b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:%d/x">]>' % port
                + SAMLP
                + b"&x;</samlp:Response>"
            ),
            "SAML002",
            1,
        ),
        Case(
            "xxe-parameter-entity",
            b64(
                b'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://'
                + str(secret).encode()
                + b'"> %p;]>'
                + SAMLP
                + b"</samlp:Response>"
            ),
            "SAML002",
            1,
        ),
        Case(
            "billion-laughs",
            b64(
                b'<!DOCTYPE r [<!ENTITY l0 "lol">'
                + laughs
                + b"]>"
                + SAMLP
                + b"&l9;</samlp:Response>"
            ),
            "SAML002",
            1,
        ),
        Case(
            "quadratic-blowup",
            b64(
                b'<!DOCTYPE r [<!ENTITY a "'
                + big.encode()
                + b'">]>'
                + SAMLP
                + b"&a;" * 50_000
                + b"</samlp:Response>"
            ),
            "SAML002",
            1,
        ),
        Case(
            "deep-nesting",
            b64(SAMLP + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</samlp:Response>"),
            "SAML001",
            1,
        ),
        Case(
            "50MB-attribute",
            b64(SAMLP[:-1] + b' x="' + b"A" * 50_000_000 + b'">' + b"</samlp:Response>"),
            "SAML001",
            1,
        ),
        Case(
            "invalid-utf8",
            b64(VALID.replace(b"Alice Example", b"Alice \xff\xfe Example")),
            "SAML001",
            1,
        ),
        Case("bom", b64(b"\xef\xbb\xbf" + VALID), None, 0),
        Case("nul-bytes-raw", b"PHNhbWxwOlJl\x00c3BvbnNl", "SAML001", 1),
        Case(
            "nul-bytes-xml", b64(VALID.replace(b"Alice Example", b"Alice\x00Example")), "SAML001", 1
        ),
        Case("bad-padding", b64(VALID)[:-2] + b"=A==", "SAML001", 1),
        Case("double-base64", b64(b64(VALID)), "SAML001", 1),
        Case("gzip", b64(gzip.compress(VALID)), "SAML001", 1),
        Case("raw-deflate", b64(deflater.compress(VALID) + deflater.flush()), None, 0),
        Case("truncated", b64(VALID)[:3001], "SAML001", 1),
        Case("control-and-markup", b64(hostile_values), "SIG102", 1),
        Case("empty", b"", "SAML001", 1),
        Case("html", b"<html><body>Sorry, something went wrong</body></html>", "SAML003", 1),
        Case("html-broken", b"<html><body><p>Sorry<br></body></html>", "SAML001", 1),
    ]


@pytest.fixture(scope="module")
def listener() -> tuple[int, list[bytes]]:
    """A loopback server that records any connection the network XXE might make."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            seen.append(conn.recv(100))
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1], seen


CASE_NAMES = [c.name for c in cases(Path("/x"), 0)]


@pytest.mark.parametrize("index", range(len(CASE_NAMES)), ids=CASE_NAMES)
def test_hostile_input(index: int, tmp_path: Path, listener: tuple[int, list[bytes]]) -> None:
    port, seen = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-0b7c")
    case = cases(secret, port)[index]
    path = tmp_path / f"{case.name}.in"
    path.write_bytes(case.content)
    args = [
        str(SAMLSCOPE),
        "inspect",
        "--json",
        "--at",
        "2026-11-01T09:01:30Z",
        "--idp-metadata",
        str(METADATA),
        str(path),
    ]
    code, seconds, rss_mb, out = measure(args)
    assert code == case.exit_code, (case.name, out[:500])
    if case.code is not None:
        assert f'"code": "{case.code}"' in out, (case.name, out[:800])
    assert "CANARY" not in out and "Traceback" not in out
    assert not CONTROL.search(out.replace("\n", "").replace("\r", ""))
    assert seconds < MAX_SECONDS, f"{case.name} took {seconds:.2f} s"
    assert rss_mb < MAX_RSS_MB, f"{case.name} peaked at {rss_mb:.0f} MB"
    text_out = subprocess.run(
        [*args[:2], "--no-color", *args[3:]], capture_output=True, timeout=60
    ).stdout.decode("utf-8", "replace")
    assert not CONTROL.search(text_out.replace("\n", "")), case.name
    assert "CANARY" not in text_out
    if shutil.which("strace"):
        trace = tmp_path / "trace"
        subprocess.run(
            ["strace", "-f", "-qq", "-e", "trace=openat,open,connect", "-o", str(trace), *args],
            capture_output=True,
            timeout=60,
        )
        log = trace.read_text()
        assert str(secret) not in log, f"{case.name} opened the local file"
        inet = [
            line
            for line in log.splitlines()
            if "connect(" in line and ("AF_INET" in line) and "127.0.0.1" not in line
        ]
        assert not inet, inet
    assert seen == [], "something connected to the network XXE target"


def measure(args: list[str]) -> tuple[int, float, float, str]:
    """Run the CLI in a fresh process; return exit code, wall seconds, its own peak RSS in MB
    (VmHWM, reported by tests/peak_memory.py) and stdout."""
    cmd = [sys.executable, str(Path(__file__).with_name("peak_memory.py")), *args[1:]]
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, timeout=60)
    seconds = time.monotonic() - start
    peak = re.search(rb"PEAK_RSS_MB ([0-9.]+)", done.stderr)
    assert peak is not None, done.stderr[-500:]
    return done.returncode, seconds, float(peak.group(1)), done.stdout.decode("utf-8", "replace")
