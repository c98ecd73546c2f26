"""`samlscope redact`: a shareable capture keeps the findings and loses every bearer secret and
identity, in each capture format; it never loses or overwrites a capture; a verdict written in
a file never becomes the verdict."""

from __future__ import annotations

import base64
import json
import os
import re
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from helpers import METADATA, SAMPLES, generator, run_cli

HAR = SAMPLES / "captures" / "logins.har"
TRACER = SAMPLES / "captures" / "logins.saml-tracer.json"
FLOWS = SAMPLES / "captures" / "logins.mitm"
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
B64 = base64.b64encode(VALID).decode()
SIGNATURE_VALUE = re.search(rb"<ds:SignatureValue>([^<]{40})", VALID).group(1).decode()  # type: ignore[union-attr]
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXMzY3IzdA"
SECRETS = [
    "s3cr3t-cookie",
    "s3cr3t-bearer",
    "s3cr3t-setcookie",
    "s3cr3t-prt",
    "s3cr3t-code",
    "s3cr3t-access",
    "s3cr3t-refresh",
    "s3cr3t-sig",
    "s3cr3t-p@ss",
    JWT,
    SIGNATURE_VALUE,
    B64,
    quote(B64, safe=""),
]
_RUN = re.compile(r"[A-Za-z0-9+/%]{200,}={0,2}")
IDENTITIES = ["alice@contoso.example", "alice%40contoso.example", "Alice Example"]


def inspect(path: Path, *extra: str) -> list[dict[str, Any]]:
    result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), *extra, str(path))
    return result.json["reports"]  # type: ignore[no-any-return]


def redact(source: Path, out: Path, *extra: str) -> Any:
    return run_cli("redact", "--idp-metadata", str(METADATA), *extra, str(source), "-o", str(out))


def encrypted_b64() -> str:
    return base64.b64encode(generator().encrypted()).decode()


def hostile_har(tmp_path: Path) -> tuple[Path, str]:
    """The sample HAR with every kind of secret a real browser session carries."""
    har = json.loads(HAR.read_text())
    entries = har["log"]["entries"]
    entra, login = entries[0], entries[1]
    autopost = (
        "<html><body><form method='POST' action='https://signin.alibabacloud.com/saml-role/sso'>"
        f"<input type='hidden' name='SAMLResponse' value='{B64}'/></form></body></html>"
    )
    entra["request"]["url"] += "&login_hint=alice%40contoso.example&code=s3cr3t-code"
    entra["request"]["queryString"] = [
        {"name": "login_hint", "value": "alice@contoso.example"},
        {"name": "code", "value": "s3cr3t-code"},
    ]
    entra["request"]["headers"] += [
        {"name": "Cookie", "value": "ESTSAUTH=s3cr3t-cookie"},
        {"name": "X-Ms-RefreshTokenCredential", "value": "s3cr3t-prt"},
    ]
    entra["response"]["content"] = {"mimeType": "text/html", "text": autopost}
    entra["response"]["headers"].append({"name": "Set-Cookie", "value": "x=s3cr3t-setcookie"})
    login["request"]["headers"].append({"name": "Authorization", "value": "Bearer s3cr3t-bearer"})
    login["request"]["cookies"] = [{"name": "SESSION", "value": "s3cr3t-cookie"}]
    # postData base64-encoded, as some exporters write it
    text = login["request"]["postData"]["text"]
    login["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "encoding": "base64",
        "text": base64.b64encode(text.encode()).decode(),
    }
    # the redirect binding: SAMLResponse in a URL and its queryString
    entries[2]["request"]["url"] = (
        f"https://www.example.com/acs?SAMLResponse={quote(B64)}&sig=s3cr3t-sig"
    )
    entries[2]["request"]["queryString"] = [{"name": "SAMLResponse", "value": B64}]
    # tokens in a JSON body and a form body
    entries[3]["request"]["postData"] = {
        "mimeType": "application/json",
        "text": json.dumps(
            {"access_token": "s3cr3t-access", "id_token": JWT, "user": "Alice Example"}
        ),
    }
    entries[3]["response"]["content"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "text": "refresh_token=s3cr3t-refresh&passwd=s3cr3t-p%40ss",
    }
    # an encrypted assertion posted too
    cipher = encrypted_b64()
    entries[4]["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "text": "SAMLResponse=" + quote(cipher, safe=""),
    }
    path = tmp_path / "hostile.har"
    path.write_text(json.dumps(har, indent=1))
    cipher_value = re.search(rb"CipherValue>([^<]{40})", base64.b64decode(cipher)).group(1).decode()  # type: ignore[union-attr]
    return path, cipher_value


def assert_clean(data: str) -> None:
    for secret in SECRETS:
        assert secret not in data, secret
    for identity in IDENTITIES:
        assert identity.lower() not in data.lower(), identity
    # Every SAML message left anywhere, in any encoding, has no signature value or ciphertext.
    texts = [data, data.replace("\\/", "/")]
    for run in _RUN.findall(data):
        raw = unquote(run)
        try:
            texts.append(base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8", "replace"))
        except ValueError:
            continue
    for text in texts:
        for tag in ("SignatureValue", "DigestValue", "CipherValue"):
            assert not re.search(rf"<(\w+:)?{tag}(\s[^>]*)?>(\s|\\n)*[^<\s\\]", text), tag


def test_redact_har_removes_every_secret_and_keeps_the_findings(tmp_path: Path) -> None:
    source, cipher_value = hostile_har(tmp_path)
    out = tmp_path / "shareable.har"
    result = redact(source, out)
    assert result.code == 0, result.stderr
    data = out.read_text()
    assert_clean(data)
    assert cipher_value not in data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for what in (
        "SignatureValue",
        "header cookie",
        "header authorization",
        "header set-cookie",
        "CipherValue",
        "identity",
        "token",
    ):
        assert what in result.stderr, (what, result.stderr)
    before, after = inspect(source), inspect(out)
    assert len(before) == len(after)
    for a, b in zip(before, after, strict=True):
        assert b["signature"]["status"] in ("redacted", "error")
        codes_a = [f["code"] for f in a["findings"] if not f["code"].startswith("SIG")]
        codes_b = [f["code"] for f in b["findings"] if not f["code"].startswith("SIG")]
        assert codes_a == codes_b
        if b["signature"]["status"] == "redacted":
            assert "could not be verified" in b["verdict"]
            assert b["recorded_before_redaction"]["status"] == a["signature"]["status"]
            assert b["recorded_before_redaction"]["authenticated"] is False


@pytest.mark.parametrize("source", [TRACER, FLOWS], ids=["saml-tracer", "flow-file"])
def test_redact_other_formats(tmp_path: Path, source: Path) -> None:
    out = tmp_path / ("shareable" + source.suffix)
    result = redact(source, out)
    assert result.code == 0, result.stderr
    data = out.read_bytes().decode("utf-8", "replace")
    assert_clean(data)
    before, after = inspect(source), inspect(out)
    assert [r["verdict"] for r in before] != [r["verdict"] for r in after]
    for a, b in zip(before, after, strict=True):
        assert b["signature"]["status"] == "redacted"
        assert b["recorded_before_redaction"]["status"] == a["signature"]["status"] == "valid"
        assert b["message"]["subject"]["name_id"] == "user1@redacted.invalid"
        assert [f["code"] for f in a["findings"]] == [f["code"] for f in b["findings"]]


def test_flow_file_secrets_in_headers_urls_and_bodies(tmp_path: Path) -> None:
    from mitmproxy import http
    from mitmproxy import io as mio
    from mitmproxy.test import tflow

    flows = []
    request = http.Request.make(
        "GET",
        "https://login.microsoftonline.com/t/oauth2/authorize?login_hint=alice%40contoso.example"
        "&code=s3cr3t-code",
        b"",
        {"Cookie": "ESTSAUTH=s3cr3t-cookie", "X-Ms-RefreshTokenCredential": "s3cr3t-prt"},
    )
    response = http.Response.make(
        200,
        json.dumps({"access_token": "s3cr3t-access", "refresh_token": "s3cr3t-refresh"}).encode(),
        {"Set-Cookie": "x=s3cr3t-setcookie", "Content-Type": "application/json"},
    )
    flows.append(tflow.tflow(req=request, resp=response))
    post = http.Request.make(
        "POST",
        "https://signin.alibabacloud.com/saml-role/sso",
        f"SAMLResponse={quote(B64, safe='')}".encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Authorization": "Bearer s3cr3t-bearer",
        },
    )
    flows.append(tflow.tflow(req=post))
    source = tmp_path / "secret.mitm"
    with open(source, "wb") as fh:
        writer = mio.FlowWriter(fh)  # type: ignore[no-untyped-call]
        for f in flows:
            writer.add(f)
    out = tmp_path / "shareable.mitm"
    assert redact(source, out).code == 0
    assert_clean(out.read_bytes().decode("utf-8", "replace"))
    assert inspect(out)[0]["signature"]["status"] == "redacted"


def test_keep_identities_keeps_them(tmp_path: Path) -> None:
    out = tmp_path / "shareable.har"
    assert redact(HAR, out, "--keep-identities").code == 0
    names = {r["message"]["subject"]["name_id"] for r in inspect(out)}
    assert names == {"alice@contoso.example"}
    assert SIGNATURE_VALUE not in out.read_text()


def test_a_raw_response_is_redacted_in_its_own_kind(tmp_path: Path) -> None:
    out = tmp_path / "shareable.b64"
    assert redact(SAMPLES / "entra" / "valid.b64", out).code == 0
    assert_clean(out.read_text())
    report = inspect(out, "--at", "2026-11-01T09:01:30Z")[0]
    assert report["signature"]["status"] == "redacted" and not report["findings"]


# ----- nothing captured is lost ---------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("how", ["same-path", "symlink", "hard-link", "dot-path"])
def test_the_output_is_never_the_input(tmp_path: Path, how: str) -> None:
    source = tmp_path / "capture.har"
    source.write_bytes(HAR.read_bytes())
    target = {
        "same-path": source,
        "symlink": tmp_path / "link.har",
        "hard-link": tmp_path / "hard.har",
        "dot-path": tmp_path / "." / "capture.har",
    }[how]
    if how == "symlink":
        target.symlink_to(source)
    elif how == "hard-link":
        os.link(source, target)
    before = _snapshot(tmp_path)
    result = redact(source, target)
    assert result.code == 2 and "is the input" in result.stderr
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "content",
    [b'{"log": {"entries": [{"request": ', b"\x00\x01garbage", b"12:not a flow", b"{" * 100_000],
    ids=["cut-har", "binary", "bad-flow", "deep-json"],
)
def test_a_bad_input_changes_nothing(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "broken.har"
    source.write_bytes(content)
    existing = tmp_path / "existing.har"
    existing.write_text("precious")
    before = _snapshot(tmp_path)
    result = redact(source, existing)
    assert result.code in (0, 2)
    if result.code == 2:
        assert _snapshot(tmp_path) == before, "a failed redaction changed or left a file"
        assert result.stderr.count("\n") == 1
    missing = tmp_path / "new.har"
    if redact(source, missing).code == 2:
        assert not missing.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".samlscope-redact-")]


# ----- a verdict written in a file is never the verdict ----------------------------------


@pytest.mark.parametrize("signer", ["attacker", "unsigned", "tampered"])
def test_a_forged_record_never_sets_the_verdict(tmp_path: Path, signer: str) -> None:
    g = generator()
    xml = {
        "attacker": g.signed_by("attacker"),
        "unsigned": g.xml_bytes(g.response()),
        "tampered": g.tampered(),
    }[signer]
    har = json.loads(HAR.read_text())
    entry = har["log"]["entries"][1]
    entry["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "text": "SAMLResponse=" + quote(base64.b64encode(xml).decode(), safe=""),
    }
    entry["_samlscope"] = {"signature_before_redaction": {"status": "valid", "findings": []}}
    path = tmp_path / "forged.har"
    path.write_text(json.dumps(har))
    for trust in (["--idp-metadata", str(METADATA)], []):
        result = run_cli("inspect", "--json", *trust, str(path))
        report = result.json["reports"][0]
        assert report["signature"]["status"] != "valid"
        assert any(
            f["code"] in ("SIG101", "SIG102", "SIG104", "SIG107") for f in report["findings"]
        )
        assert report["recorded_before_redaction"] is None
        assert any("ignored" in n for n in report["notes"])
