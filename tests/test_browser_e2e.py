"""A real browser through a real proxy: headless Chromium (Debian's, driven by Playwright)
auto-submits an Entra-shaped form to https://signin.alibabacloud.com/saml-role/sso through
mitmdump with the addon in hold mode. Nothing leaves the machine: the addon answers the POST,
and a guard addon refuses every non-loopback upstream connection (Chromium's background
requests included). The flow file mitmdump writes is then replayed for the same findings."""

from __future__ import annotations

import base64
import html
import json
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import (
    METADATA,
    MITMDUMP,
    ROOT,
    free_port,
    generator,
    launch_chromium,
    proxy_command,
    stop,
    wait_for_port,
)

CHROMIUM = Path("/usr/bin/chromium")
ACS = "https://signin.alibabacloud.com/saml-role/sso"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
)


@pytest.fixture
def idp_page(tmp_path: Path) -> Iterator[str]:
    """A local page that auto-submits a response signed just now, as Entra's page does."""
    gen = generator()
    fresh = gen.xml_bytes(gen.signed(at=datetime.now(UTC).replace(microsecond=0)))
    value = base64.b64encode(fresh).decode()
    (tmp_path / "idp.html").write_text(
        "<!DOCTYPE html><html><body onload='document.forms[0].submit()'>"
        f"<form method='POST' action='{ACS}'>"
        f"<input type='hidden' name='SAMLResponse' value='{html.escape(value)}'>"
        "<input type='hidden' name='RelayState' value='https://ecs.console.aliyun.com/'>"
        "</form></body></html>"
    )
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/idp.html"
    server.shutdown()


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[int, Path, Path, subprocess.Popen[str]]]:
    port, report, flows = free_port(), tmp_path / "report.jsonl", tmp_path / "flows.mitm"
    cmd = proxy_command(port, tmp_path / "mitmproxy", "saml_hold=true", f"saml_report={report}")
    proc = subprocess.Popen(
        [*cmd, "-w", str(flows)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    wait_for_port(port, proc)
    yield port, report, flows, proc
    stop(proc)


def test_browser_login_is_held_and_reported(
    idp_page: str, proxy: tuple[int, Path, Path, subprocess.Popen[str]]
) -> None:
    from playwright.sync_api import sync_playwright

    port, report, flows, proc = proxy
    with sync_playwright() as p:
        browser = launch_chromium(
            p,
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            proxy={"server": f"http://127.0.0.1:{port}"},
        )
        try:
            page = browser.new_context(ignore_https_errors=True).new_page()
            page.goto(idp_page)
            page.wait_for_url(ACS, timeout=30_000)
            page.wait_for_selector("h1", timeout=30_000)
            body = page.inner_text("body")
        finally:
            browser.close()
    assert "SAML login held at the proxy" in body
    assert "no problem found: this response should log in" in body
    assert "acs:ram::1234567890123456:role/aadrole" in body
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert len(records) == 1
    live = records[0]
    assert live["signature"]["status"] == "valid" and live["findings"] == []
    assert live["endpoint"] == ACS and live["relay_state"] == "https://ecs.console.aliyun.com/"

    # Replay what mitmdump wrote: the same findings, judged at the capture's own time. Stop it
    # first: a flow file being written can be read half-way (a size above 0 is no proof).
    stop(proc)
    replay_report = report.with_name("replay.jsonl")
    done = subprocess.run(
        [
            str(MITMDUMP),
            "-nr",
            str(flows),
            "-q",
            "-s",
            str(ROOT / "addon" / "saml_inspector.py"),
            "--set",
            f"saml_idp_metadata={METADATA}",
            "--set",
            f"saml_report={replay_report}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    replayed = [json.loads(line) for line in replay_report.read_text().splitlines()]
    assert [r["findings"] for r in replayed] == [live["findings"]]
    assert replayed[0]["evaluated_at"] == live["evaluated_at"]
    assert replayed[0]["outcome"] is None  # the held page is not the SP's answer
