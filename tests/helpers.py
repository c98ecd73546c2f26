"""Shared test helpers: paths, running the CLI in-process, reading corpus and samples."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from samlscope.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
METADATA = SAMPLES / "idp" / "federation-metadata.xml"
SAMPLE_AT = "2026-11-01T09:01:30Z"
INTL_ACS = "https://signin.alibabacloud.com/saml-role/sso"
SCORES: list[tuple[str, list[str]]] = []
"""Score tables that tests leave for the terminal summary (see conftest.py)."""


MITMDUMP = Path(sys.executable).with_name("mitmdump")


def self_signed(key: Any, cn: str, key_file: Path, cert_file: Path) -> None:
    """Write a private key (PKCS#8 PEM) and a self-signed certificate for it, valid from a day
    ago for a year."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[Any], seconds: float = 30) -> None:
    """Until something listens on the loopback port; fail if the process exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"the process serving port {port} exited with {proc.returncode}")
            time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port} after {seconds} s")


def stop(proc: subprocess.Popen[Any], seconds: float = 15) -> None:
    """End a process the test started: asked to stop, then killed if it does not in time;
    returns once it has exited (so what it wrote is complete)."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def proxy_command(
    port: int, confdir: Path, *options: str, metadata: Path | None = None
) -> list[str]:
    """mitmdump on loopback with samlscope's addon, the offline guard and the IdP metadata
    (the samples' unless `metadata` is given: an option given twice stops the addon)."""
    cmd = [
        str(MITMDUMP),
        "--listen-host",
        "127.0.0.1",
        "-p",
        str(port),
        "-q",
        "-s",
        str(ROOT / "addon" / "saml_inspector.py"),
        "-s",
        str(ROOT / "tests" / "offline_guard.py"),
        "--set",
        f"confdir={confdir}",
        "--set",
        f"saml_idp_metadata={metadata or METADATA}",
    ]
    for option in options:
        cmd += ["--set", option]
    return cmd


def generator() -> Any:
    """samples/generate.py as a module (it signs with the committed TEST keys)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("samlscope_samples", SAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_dir() -> Path:
    return Path(os.environ.get("SAMLSCOPE_CORPUS", ROOT.parent / "shared" / "corpus"))


def need_corpus() -> Path:
    path = corpus_dir()
    if not (path / "MANIFEST.tsv").is_file():
        pytest.skip(f"external SAML corpus not found at {path} (set SAMLSCOPE_CORPUS)")
    return path


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def report(self) -> Any:
        reports = self.json["reports"]
        assert len(reports) == 1, reports
        return reports[0]

    @property
    def codes(self) -> list[str]:
        return [f["code"] for f in self.report["findings"]]


def run_cli(
    *args: str, stdin: bytes | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> Result:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    try:
        code = main(list(args), stdout=out, stderr=err)
    except SystemExit as e:
        code = int(e.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def inspect_json(path: Path | str, *extra: str, trust: str | None = str(METADATA)) -> Result:
    args = ["inspect", "--json", "--at", SAMPLE_AT]
    if trust:
        args += ["--idp-metadata", trust]
    return run_cli(*args, *extra, str(path))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-sync",
    "--disable-component-update",
    "--no-first-run",
    "--disable-default-apps",
]
"""Debian's Chromium, offline: no background requests leave through a test's proxy."""


def launch_chromium(playwright: Any, *extra_args: str, **options: Any) -> Any:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[*CHROMIUM_ARGS, *extra_args],
        **options,
    )


def inspect_xml(xml: bytes, *extra: str) -> Result:
    """`inspect --json --at SAMPLE_AT` on a response built in a test (from a temporary file,
    so no test patches stdin)."""
    import base64
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "response.b64"
        path.write_text(base64.b64encode(xml).decode())
        return run_cli("inspect", "--json", "--at", SAMPLE_AT, *extra, str(path))


def mitmdump_replay(flow_file: Path, report: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        str(MITMDUMP),
        "-nr",
        str(flow_file),
        "-s",
        str(ROOT / "addon" / "saml_inspector.py"),
        "-s",
        str(ROOT / "tests" / "offline_guard.py"),
        "--set",
        f"saml_idp_metadata={METADATA}",
        "--set",
        f"saml_report={report}",
        *extra,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)


def check_json(*files: Path | str, at: str = SAMPLE_AT) -> Any:
    """`samlscope check --json` over files: its JSON (exit 0 or 1 expected)."""
    result = run_cli("check", "--json", "--at", at, *map(str, files))
    assert result.code in (0, 1), result.stderr
    return result.json


def finding_codes(doc: Any) -> list[str]:
    return [f["code"] for f in doc["findings"]]


def write_file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path
