"""Captures are secrets: nothing raw in reports unless asked, and `samlscope redact`."""

from __future__ import annotations

import base64
import json
import re
import stat
from pathlib import Path
from urllib.parse import quote

from helpers import METADATA, SAMPLE_AT, SAMPLES, inspect_json, run_cli

HAR = SAMPLES / "captures" / "logins.har"
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
SIGNATURE_VALUE = re.search(rb"<ds:SignatureValue>([^<]{40})", VALID).group(1).decode()  # type: ignore[union-attr]


def test_reports_hold_no_raw_assertion_or_signature_value() -> None:
    out = inspect_json(SAMPLES / "entra" / "valid.b64").stdout
    assert SIGNATURE_VALUE not in out.replace("\\n", "").replace("\n", "")
    assert base64.b64encode(VALID).decode()[:60] not in out


def test_include_raw_is_the_only_way_to_get_it() -> None:
    result = run_cli(
        "inspect",
        "--json",
        "--include-raw",
        "--at",
        SAMPLE_AT,
        "--idp-metadata",
        str(METADATA),
        str(SAMPLES / "entra" / "valid.xml"),
    )
    raw = result.report["raw"]
    assert SIGNATURE_VALUE in raw["xml"].replace("\n", "")


def _secret_har(tmp_path: Path) -> Path:
    har = json.loads(HAR.read_text())
    login = har["log"]["entries"][1]
    login["request"]["headers"] += [
        {"name": "cookie", "value": "SESSION=s3cr3t-cookie"},
        {"name": "authorization", "value": "Bearer s3cr3t-token"},
    ]
    login["request"]["cookies"] = [{"name": "SESSION", "value": "s3cr3t-cookie"}]
    login["response"]["headers"].append({"name": "set-cookie", "value": "login_aliyunid=s3cr3t"})
    entra = har["log"]["entries"][0]
    entra["request"]["method"] = "POST"
    entra["request"]["postData"] = {
        "mimeType": "application/x-www-form-urlencoded",
        "text": "login=alice&passwd=" + quote("s3cr3t-p@ss"),
    }
    path = tmp_path / "secret.har"
    path.write_text(json.dumps(har))
    return path


def test_redact_removes_secrets_and_keeps_the_verdict(tmp_path: Path) -> None:
    source = _secret_har(tmp_path)
    out = tmp_path / "shareable.har"
    result = run_cli("redact", "--idp-metadata", str(METADATA), str(source), "-o", str(out))
    assert result.code == 0
    text = out.read_text()
    assert "s3cr3t" not in text
    assert SIGNATURE_VALUE not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    for what in (
        "SignatureValue",
        "header cookie",
        "header authorization",
        "header set-cookie",
        "form field passwd",
        "cookies",
    ):
        assert what in result.stderr, result.stderr
    before = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(source)).json
    after = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(out)).json
    for a, b in zip(before["reports"], after["reports"], strict=True):
        assert a["signature"]["status"] == b["signature"]["status"] == "valid"
        assert [f["code"] for f in a["findings"]] == [f["code"] for f in b["findings"]]
        assert "recorded by samlscope redact" in b["signature"]["summary"]


def test_redacted_capture_without_a_record_is_not_called_valid(tmp_path: Path) -> None:
    out = tmp_path / "shareable.har"
    run_cli("redact", str(HAR), "-o", str(out))
    har = json.loads(out.read_text())
    for entry in har["log"]["entries"]:
        entry.pop("_samlscope", None)  # someone stripped the record
    out.write_text(json.dumps(har))
    reports = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(out)).json
    assert all(r["signature"]["status"] != "valid" for r in reports["reports"])
