"""`samlscope proxy`: a real mitmdump with the installed addon, answering an HTTPS SAML POST."""

from __future__ import annotations

import base64
import json
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from helpers import METADATA, ROOT, SAMPLES, free_port

SAMLSCOPE = Path(sys.executable).with_name("samlscope")


def test_proxy_holds_an_https_saml_post(tmp_path: Path) -> None:
    port, confdir, report = free_port(), tmp_path / "conf", tmp_path / "report.jsonl"
    proc = subprocess.Popen(
        [
            str(SAMLSCOPE),
            "proxy",
            "--port",
            str(port),
            "--hold",
            "--idp-metadata",
            str(METADATA),
            "--confdir",
            str(confdir),
            "--report",
            str(report),
            "--",
            "-s",
            str(ROOT / "tests" / "offline_guard.py"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        ca = confdir / "mitmproxy-ca-cert.pem"
        deadline = time.monotonic() + 30
        while not ca.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        context = ssl.create_default_context(cafile=str(ca))
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({"https": f"http://127.0.0.1:{port}"}),
            urllib.request.HTTPSHandler(context=context),
        )
        value = base64.b64encode((SAMPLES / "entra" / "valid.xml").read_bytes().strip()).decode()
        body = urlencode({"SAMLResponse": value}).encode()
        for _ in range(100):
            try:
                answer = opener.open(
                    "https://signin.alibabacloud.com/saml-role/sso", body, timeout=10
                )
                break
            except OSError:
                time.sleep(0.1)
        page = answer.read().decode()
        assert "SAML login held at the proxy" in page
        assert json.loads(report.read_text().splitlines()[0])["signature"]["status"] == "valid"
    finally:
        proc.terminate()
        output = proc.communicate(timeout=15)[0]
    assert f"http://127.0.0.1:{port}" in output and "mitmproxy-ca-cert.pem" in output
