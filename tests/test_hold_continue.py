"""Hold, read, then continue, in real Chromium through a real mitmdump: the hold page's
"Continue to the service provider" button posts the original fields once; the addon lets that
one POST through (without its token) and adds the SP's answer to the report. A replay of the
same release, or a forged token, stays held. Everything stays on loopback."""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from helpers import free_port, generator, launch_chromium, proxy_command, stop, wait_for_port

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
)


class Sp(ThreadingHTTPServer):
    """A loopback service provider: an IdP page that auto-posts, and an ACS that records."""

    def __init__(self, form: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.form = form
        self.posts: list[dict[str, list[str]]] = []


class _Handler(BaseHTTPRequestHandler):
    server: Sp

    def do_GET(self) -> None:
        body = self.server.form.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.server.posts.append(parse_qs(self.rfile.read(length).decode()))
        body = b"<html><body><h1>Signed in at the SP</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def sp() -> Iterator[Sp]:
    gen = generator()
    from datetime import UTC, datetime

    xml = gen.xml_bytes(gen.signed(at=datetime.now(UTC).replace(microsecond=0)))
    server = Sp("")
    acs = f"http://127.0.0.1:{server.server_port}/acs"
    value = base64.b64encode(xml).decode()
    server.form = (
        f'<html><body onload="document.forms[0].submit()"><form method="POST" action="{acs}">'
        f'<input type="hidden" name="SAMLResponse" value="{value}">'
        '<input type="hidden" name="RelayState" value="https://ecs.console.aliyun.com/">'
        "</form></body></html>"
    )
    server.value = value  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_continue_releases_the_held_post_once(sp: Sp, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    port, report = free_port(), tmp_path / "report.jsonl"
    cmd = proxy_command(
        port, tmp_path / "conf", "saml_hold=true", "saml_any_acs=true", f"saml_report={report}"
    )
    with open(tmp_path / "mitmdump.out", "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    wait_for_port(port, proc)
    base = f"http://127.0.0.1:{sp.server_port}"
    try:
        with sync_playwright() as p:
            browser = launch_chromium(
                p,
                "--proxy-bypass-list=<-loopback>",
                proxy={"server": f"http://127.0.0.1:{port}", "bypass": "<-loopback>"},
            )
            try:
                page = browser.new_page()
                page.goto(f"{base}/idp")
                page.wait_for_selector("h1")
                assert "held at the proxy" in page.inner_text("h1")
                assert sp.posts == [], "the held POST reached the SP"
                held_page = page.content()
                page.click("text=Continue to the service provider")
                page.wait_for_selector("text=Signed in at the SP")
                assert len(sp.posts) == 1
                posted = sp.posts[0]
                assert posted["SAMLResponse"] == [sp.value]  # type: ignore[attr-defined]
                assert posted["RelayState"] == ["https://ecs.console.aliyun.com/"]
                assert "samlscope_release" not in posted
                # Replaying the same release (the saved hold page): held, the SP sees nothing.
                page.set_content(held_page)
                page.click("text=Continue to the service provider")
                page.wait_for_selector("h1")
                assert "held at the proxy" in page.inner_text("h1")
                assert len(sp.posts) == 1
                # A forged release token: held.
                page.set_content(held_page)
                page.evaluate(
                    "document.querySelector('input[name=samlscope_release]').value = 'forged'"
                )
                page.click("text=Continue to the service provider")
                page.wait_for_selector("h1")
                assert "held at the proxy" in page.inner_text("h1") and len(sp.posts) == 1
            finally:
                browser.close()
    finally:
        stop(proc)
    records = [json.loads(line) for line in report.read_text().splitlines()]
    answered = [r for r in records if r["outcome"] is not None]
    assert len(answered) == 1 and answered[0]["outcome"]["status"] == 200
