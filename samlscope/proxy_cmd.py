"""`samlscope proxy`: mitmdump with the addon, browser settings, and a throwaway Chromium.

It runs the installed addon (`samlscope/addon/saml_inspector.py`), so it works from any
directory. With `--browser` it starts Chromium with a fresh profile that uses the proxy and
trusts mitmproxy's CA by its key (`--ignore-certificate-errors-spki-list`), not by ignoring all
certificate errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from samlscope.decoder.errors import InputError
from samlscope.facts import PROFILE_CHOICES

if TYPE_CHECKING:
    import subprocess

TOOLS = {"dump": "mitmdump", "console": "mitmproxy", "web": "mitmweb"}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is outside 1-65535")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listen-host", default="127.0.0.1")
    parser.add_argument("--port", type=_port, default=8080)
    parser.add_argument(
        "--ui",
        choices=TOOLS,
        default="dump",
        help="dump: rich reports in this terminal; console: mitmproxy's TUI; "
        "web: mitmweb (upgrade to mitmproxy 11.1.2+ first: CVE-2025-23217)",
    )
    parser.add_argument(
        "--hold",
        action="store_true",
        help="answer the SAML POST with the report instead of forwarding it; its page's "
        "Continue button then posts it once, if you choose",
    )
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--idp-metadata", metavar="FILE")
    trust.add_argument("--idp-cert", metavar="FILE")
    parser.add_argument("--sp-key", metavar="FILE")
    parser.add_argument("--profile", choices=PROFILE_CHOICES, default="auto")
    parser.add_argument("--sp-entity-id", help="expected Audience for the generic profile")
    parser.add_argument("--idp-entity-id", metavar="ID", help="expected Issuer (as for inspect)")
    parser.add_argument(
        "--skew", type=int, default=300, metavar="SECONDS", help="allowed clock skew (0-86400)"
    )
    parser.add_argument("--report", metavar="FILE", help="append one JSON line per capture")
    parser.add_argument(
        "--any-acs",
        action="store_true",
        help="analyse SAML POSTs to any site, not only the sign-in endpoints samlscope knows "
        "(Alibaba Cloud role and user SSO, CloudSSO, AWS)",
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
    cmd += ["--set", f"saml_profile={args.profile}", "--set", f"saml_skew={args.skew}"]
    if args.sp_entity_id:
        cmd += ["--set", f"saml_sp_entity_id={args.sp_entity_id}"]
    if args.idp_entity_id:
        cmd += ["--set", f"saml_idp_entity_id={args.idp_entity_id}"]
    if args.hold:
        cmd += ["--set", "saml_hold=true"]
    if args.any_acs:
        cmd += ["--set", "saml_any_acs=true"]
    extra = list(args.extra)
    given = {e.partition("=")[0] for e in extra if "=" in e}
    if args.ui == "web" and "web_open_browser" not in given:
        cmd += ["--set", "web_open_browser=false"]  # unless the engineer sets it after --
    return cmd + extra


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


def ca_ready(ca_pem: Path) -> bool:
    """True once mitmproxy's CA file is complete: it parses as a certificate (a file that
    merely exists may still be being written)."""
    try:
        ca_spki(ca_pem)
    except (OSError, ValueError):
        return False
    return True


def _wait_for(
    host: str, port: int, ca: Path, proc: subprocess.Popen[bytes], seconds: float = 30
) -> bool:
    """Until the proxy answers on its port and its CA certificate is complete."""
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
        except OSError:
            time.sleep(0.1)
            continue
        if ca_ready(ca):
            return True
        time.sleep(0.1)
    return False


def check_arguments(args: argparse.Namespace) -> None:
    """Everything the proxy needs, checked before anything starts: InputError (exit 2, one
    line) for an unreadable file, a bad value or a port in use."""
    import socket

    from samlscope.decoder.message.decrypt import load_sp_key
    from samlscope.decoder.signature.trust import load_trust

    load_trust(args.idp_metadata, args.idp_cert)
    if args.sp_key:
        load_sp_key(args.sp_key)
    if not 0 <= args.skew <= 86400:
        raise InputError(f"--skew {args.skew} is outside 0-86400 seconds")
    if args.report:
        from samlscope.paths import check_output

        inputs = (args.idp_metadata, args.idp_cert, args.sp_key)
        check_output(args.report, inputs, what="--report", allow_link=False)
    confdir = Path(args.confdir)
    if confdir.exists() and not confdir.is_dir():
        raise InputError(f"--confdir: {confdir} is not a directory")
    try:
        infos = socket.getaddrinfo(args.listen_host, args.port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InputError(f"--listen-host {args.listen_host!r} is not an address here") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            raise InputError(
                f"cannot listen on {args.listen_host}:{args.port} ({e.strerror or e}): "
                "another program uses it; pick a free port with --port"
            ) from None


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
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        out.write(
            "samlscope: --browser needs a display (DISPLAY or WAYLAND_DISPLAY is not set); the "
            "proxy runs on: point a browser on a machine with a screen at it.\n"
        )
        return None
    profile = tempfile.mkdtemp(prefix="samlscope-browser-")
    cmd = browser_command(binary, args, ca_spki(ca), profile, os.geteuid())
    if "--no-sandbox" in cmd:
        out.write(
            "samlscope: running as root, so Chromium is started with --no-sandbox (it refuses "
            "to start as root otherwise); run as a normal user to keep its sandbox.\n"
        )
    return subprocess.Popen(cmd)


def browser_command(
    binary: str, args: argparse.Namespace, spki: str, profile: str, euid: int
) -> list[str]:
    """Chromium with a throwaway profile, the proxy, and mitmproxy's CA trusted by its key."""
    return [
        binary,
        f"--user-data-dir={profile}",
        f"--proxy-server=http://{args.listen_host}:{args.port}",
        f"--ignore-certificate-errors-spki-list={spki}",
        "--no-first-run",
        "--no-default-browser-check",
        *(["--no-sandbox"] if euid == 0 else []),
        "https://myapps.microsoft.com/",
    ]


def run(args: argparse.Namespace, out: TextIO) -> int:
    import signal
    import subprocess

    check_arguments(args)
    cmd = command(args)
    ca = Path(args.confdir) / "mitmproxy-ca-cert.pem"
    out.write(
        f"samlscope proxy: {' '.join(cmd[:1])} on http://{args.listen_host}:{args.port}\n"
        f"  Browser: set the HTTP and HTTPS proxy to {args.listen_host}:{args.port}.\n"
        f"  Trust mitmproxy's CA certificate: {ca} (made on first start; or open http://mitm.it "
        "through the proxy).\n"
        "  Then start the sign-in from your IdP's portal (Entra: https://myapps.microsoft.com) "
        "and pick the application that fails.\n"
        + (
            "  Hold mode: the SAML POST is answered here with the report and does not reach the "
            "service provider, unless you press Continue on that page.\n"
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
        if args.browser and _wait_for(args.listen_host, args.port, ca, proc):
            browser = launch_browser(args, ca, out)
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=15)
        return 130
    finally:
        if browser is not None and browser.poll() is None:
            browser.terminate()
