"""`samlscope proxy`: a real mitmdump with the installed addon, answering an HTTPS SAML POST."""

from __future__ import annotations

import base64
import json
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from helpers import METADATA, ROOT, SAMPLES, free_port, run_cli, wait_for_port
from samlscope.proxy_cmd import browser_command, ca_ready

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
        wait_for_port(port, proc)  # type: ignore[arg-type]
        deadline = time.monotonic() + 30
        while not ca_ready(ca):  # complete and parseable, not merely present
            assert time.monotonic() < deadline and proc.poll() is None, "no CA certificate"
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--idp-metadata", "/nonexistent/metadata.xml"], "cannot read"),
        (["--idp-cert", str(SAMPLES / "entra" / "valid.b64")], ""),
        (["--sp-key", str(METADATA)], "not a PEM private key"),
        (["--skew", "-5"], "outside 0-86400"),
        (["--report", "/nonexistent/dir/report.jsonl"], "does not exist"),
    ],
)
def test_bad_arguments_fail_before_anything_starts(args: list[str], message: str) -> None:
    port = free_port()
    result = run_cli("proxy", "--port", str(port), *args)
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()


@pytest.mark.parametrize("args", [["--profile", "nope"], ["--port", "70000"], ["--port", "x"]])
def test_bad_values_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli("proxy", *args)
    assert result.code == 2 and "usage: samlscope proxy" in capsys.readouterr().err


def test_a_busy_port_says_to_use_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("proxy", "--port", str(port))
    assert result.code == 2 and "--port" in result.stderr and result.stderr.count("\n") == 1


def test_chromium_as_root_gets_no_sandbox_and_others_keep_it() -> None:
    import argparse

    args = argparse.Namespace(listen_host="127.0.0.1", port=8080)
    assert "--no-sandbox" in browser_command("chromium", args, "spki", "/tmp/p", 0)
    assert "--no-sandbox" not in browser_command("chromium", args, "spki", "/tmp/p", 1000)


def test_skew_and_sp_entity_id_reach_the_addon() -> None:
    from samlscope.cli import build_parser
    from samlscope.proxy_cmd import command

    args = build_parser().parse_args(
        ["proxy", "--skew", "60", "--sp-entity-id", "https://sp.example/", "--profile", "generic"]
    )
    cmd = command(args)
    assert "saml_skew=60" in cmd and "saml_sp_entity_id=https://sp.example/" in cmd
    assert "saml_profile=generic" in cmd


def test_web_open_browser_after_the_dashes_is_not_set_twice() -> None:
    from samlscope.cli import build_parser
    from samlscope.proxy_cmd import command

    parser = build_parser()
    default = command(parser.parse_args(["proxy", "--ui", "web"]))
    assert default.count("web_open_browser=false") == 1
    mine = command(
        parser.parse_args(["proxy", "--ui", "web", "--", "--set", "web_open_browser=true"])
    )
    assert "web_open_browser=false" not in mine and "web_open_browser=true" in mine


def test_browser_without_a_display_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse
    import io
    import shutil

    from samlscope.proxy_cmd import launch_browser

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: "/usr/bin/chromium")
    out = io.StringIO()
    args = argparse.Namespace(listen_host="127.0.0.1", port=8080)
    assert launch_browser(args, Path("/nonexistent/ca.pem"), out) is None
    assert "needs a display" in out.getvalue()


def test_the_texts_fit_every_cloud() -> None:
    from samlscope.cli import build_parser

    help_text = build_parser("proxy").commands["proxy"].format_help()  # type: ignore[attr-defined]
    assert "never forward" not in help_text and "Continue" in help_text
    assert "CloudSSO" in help_text and "AWS" in help_text
