"""Captures are secrets: nothing raw in reports unless asked (redact: tests/test_redact.py)."""

from __future__ import annotations

import base64
import re

from helpers import METADATA, SAMPLE_AT, SAMPLES, inspect_json, run_cli

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
