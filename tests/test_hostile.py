"""Hostile input: each case gets a clear finding and a defined exit code, in a separate process,
within 2 s and 200 MB, opening no local file it was pointed at and no internet socket, and
printing no raw control character. (strace proves the file and socket part.)"""

from __future__ import annotations

import base64
import copy
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
from functools import cache
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES, SCORES, generator

SAMLSCOPE = Path(sys.executable).with_name("samlscope")
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
SAMLP = b'<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0">'
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_SECONDS, MAX_RSS_MB = 2.0, 200
DS = "http://www.w3.org/2000/09/xmldsig#"
SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
MEASURED: list[tuple[str, float, float]] = []
SCORE_LINES: list[str] = []
"""This module's own summary lines (SCORES[-1] may be another module's section by then)."""
SCORES.append(("hostile inputs: worst wall time and peak RSS per process", SCORE_LINES))


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
        Case("100-signatures-12-certs", b64(many_signatures(100, 12)), "SIG102", 1),
        Case("40-signatures-30-certs", b64(many_signatures(40, 30)), "SIG102", 1),
        Case("1-signature-700-certs", b64(many_signatures(1, 700)), "SIG108", 1),
        Case("200-stray-signed-assertions", b64(stray_signatures(200)), "SIG103", 1),
    ]


@cache
def _certificates(count: int) -> tuple[str, ...]:
    """`count` distinct self-signed certificates for one throwaway key (base64 DER)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    out = []
    for i in range(count):
        name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, f"hostile {i}")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(i + 1)
            .not_valid_before(dt.datetime(2020, 1, 1))
            .not_valid_after(dt.datetime(2030, 1, 1))
            .sign(key, hashes.SHA256())
        )
        out.append(base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode())
    return tuple(out)


@cache
def many_signatures(signatures: int, certificates: int) -> bytes:
    """A Response signature repeated `signatures` times, each embedding `certificates`
    distinct certificates: every one a full xmlsec verification if nothing bounds it."""
    from lxml import etree

    g = generator()
    root = g.response()
    g.sign(root)
    sig = root.find(f"{{{DS}}}Signature")
    data = sig.find(f".//{{{DS}}}X509Data")
    for text in _certificates(certificates):
        etree.SubElement(data, f"{{{DS}}}X509Certificate").text = text
    for _ in range(signatures - 1):
        root.insert(1, copy.deepcopy(sig))
    return g.xml_bytes(root)


@cache
def stray_signatures(count: int) -> bytes:
    """The signed assertion copied `count` times into the consumed one's neighbours."""
    from lxml import etree

    g = generator()
    root = g.signed()
    assertion = g.assertion_of(root)
    for i in range(count):
        twin = copy.deepcopy(assertion)
        twin.set("ID", f"_copy{i}")
        extensions = etree.SubElement(root, f"{{{SAMLP_NS}}}Extensions")
        extensions.append(twin)
    return g.xml_bytes(root)


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
    MEASURED.append((case.name, seconds, rss_mb))
    slowest = max(MEASURED, key=lambda m: m[1])
    biggest = max(MEASURED, key=lambda m: m[2])
    SCORE_LINES[:] = [
        f"{len(MEASURED)} cases; slowest {slowest[0]} {slowest[1]:.2f} s; "
        f"largest {biggest[0]} {biggest[2]:.0f} MB"
    ]
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
