"""`samlscope proxy`: mitmdump with the addon, browser settings, and a throwaway Chromium.

It runs the installed addon (`samlscope/addon/saml_inspector.py`), so it works from any
directory. With `--browser` it starts Chromium with a fresh profile that uses the proxy and
trusts mitmproxy's CA by its key (`--ignore-certificate-errors-spki-list`), not by ignoring all
certificate errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import subprocess

TOOLS = {"dump": "mitmdump", "console": "mitmproxy", "web": "mitmweb"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listen-host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--ui",
        choices=TOOLS,
        default="dump",
        help="dump: rich reports in this terminal; console: mitmproxy's TUI; "
        "web: mitmweb (upgrade to mitmproxy 11.1.2+ first: CVE-2025-23217)",
    )
    parser.add_argument(
        "--hold", action="store_true", help="answer the SAML POST with the report; never forward it"
    )
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--idp-metadata", metavar="FILE")
    trust.add_argument("--idp-cert", metavar="FILE")
    parser.add_argument("--sp-key", metavar="FILE")
    parser.add_argument("--profile", default="auto")
    parser.add_argument("--report", metavar="FILE", help="append one JSON line per capture")
    parser.add_argument(
        "--any-acs",
        action="store_true",
        help="analyse SAML POSTs to any site, not only Alibaba Cloud",
    )
    parser.add_argument(
        "--confdir",
        default=str(Path.home() / ".mitmproxy"),
        help="mitmproxy's configuration and CA directory",
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help="open a throwaway Chromium profile that uses the proxy",
    )
    parser.add_argument(
        "extra",
        nargs="*",
        metavar="-- MITMPROXY-ARGS",
        help="anything after -- goes to mitmproxy as is",
    )


def addon_script() -> Path:
    import samlscope.addon

    return Path(samlscope.addon.__file__).with_name("saml_inspector.py")


def command(args: argparse.Namespace) -> list[str]:
    import shutil

    tool = shutil.which(TOOLS[args.ui], path=str(Path(sys.executable).parent)) or TOOLS[args.ui]
    cmd = [
        tool,
        "--listen-host",
        args.listen_host,
        "-p",
        str(args.port),
        "-s",
        str(addon_script()),
        "--set",
        f"confdir={args.confdir}",
    ]
    for option, value in (
        ("saml_idp_metadata", args.idp_metadata),
        ("saml_idp_cert", args.idp_cert),
        ("saml_sp_key", args.sp_key),
        ("saml_report", args.report),
    ):
        if value:
            cmd += ["--set", f"{option}={Path(value).resolve()}"]
    cmd += ["--set", f"saml_profile={args.profile}"]
    if args.hold:
        cmd += ["--set", "saml_hold=true"]
    if args.any_acs:
        cmd += ["--set", "saml_any_acs=true"]
    if args.ui == "web":
        cmd += ["--set", "web_open_browser=false"]
    return cmd + list(args.extra)


def ca_spki(ca_pem: Path) -> str:
    import base64
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(ca_pem.read_bytes())
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def _wait_for(host: str, port: int, proc: subprocess.Popen[bytes], seconds: float = 30) -> bool:
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def launch_browser(
    args: argparse.Namespace, ca: Path, out: TextIO
) -> subprocess.Popen[bytes] | None:
    import shutil
    import subprocess
    import tempfile

    binary = next((b for b in map(shutil.which, BROWSERS) if b), None)
    if binary is None:
        out.write("samlscope: no Chromium or Chrome found on PATH; open a browser yourself.\n")
        return None
    profile = tempfile.mkdtemp(prefix="samlscope-browser-")
    return subprocess.Popen(
        [
            binary,
            f"--user-data-dir={profile}",
            f"--proxy-server=http://{args.listen_host}:{args.port}",
            f"--ignore-certificate-errors-spki-list={ca_spki(ca)}",
            "--no-first-run",
            "--no-default-browser-check",
            "https://myapps.microsoft.com/",
        ]
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    import signal
    import subprocess

    cmd = command(args)
    ca = Path(args.confdir) / "mitmproxy-ca-cert.pem"
    out.write(
        f"samlscope proxy: {' '.join(cmd[:1])} on http://{args.listen_host}:{args.port}\n"
        f"  Browser: set the HTTP and HTTPS proxy to {args.listen_host}:{args.port}.\n"
        f"  Trust mitmproxy's CA certificate: {ca} (made on first start; or open http://mitm.it "
        "through the proxy).\n"
        f"  Then sign in from https://myapps.microsoft.com and pick Alibaba Cloud.\n"
        + (
            "  Hold mode: the SAML POST is answered here and never reaches Alibaba Cloud.\n"
            if args.hold
            else ""
        )
        + "  Stop with Ctrl-C.\n"
    )
    out.flush()
    proc = subprocess.Popen(cmd)
    browser = None

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # pass a service manager's stop on to mitmdump
    try:
        if args.browser and _wait_for(args.listen_host, args.port, proc):
            browser = launch_browser(args, ca, out)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=15)
        return 130
    finally:
        if browser is not None and browser.poll() is None:
            browser.terminate()
