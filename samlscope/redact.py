"""`samlscope redact IN.har -o OUT.har`: a capture that can be shared with support.

Removed: cookies (request and response, headers and HAR cookie lists), Authorization-like
headers, password-like form fields, and the SAML SignatureValue and DigestValue contents (a
signed assertion is a bearer credential; without its signature it cannot be replayed). What was
removed is listed. Before redacting, each SAML POST is analysed and its signature verdict is
recorded in the entry (`_samlscope`), so `samlscope inspect` on the redacted file still reports
the original verdict, marked as recorded before redaction.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections import Counter
from typing import Any, TextIO
from urllib.parse import quote, unquote

from lxml import etree

from samlscope.analysis import analyse
from samlscope.decoder.bindings import decode_value, parse_form
from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.har import entry_capture
from samlscope.decoder.names import DS
from samlscope.decoder.trust import TrustStore
from samlscope.decoder.xmlparse import parse_xml
from samlscope.rules.context import Config
from samlscope.view.json_report import dumps

SECRET_HEADER = re.compile(r"cookie|authorization|token|api-?key|csrf|xsrf|session", re.I)
SECRET_FIELD = re.compile(r"pass|pwd|secret|otp|token|code_verifier|client_secret", re.I)
REDACTED = "[redacted by samlscope]"
MAX_HAR = 2_000_000_000


def _headers(items: list[dict[str, Any]], removed: Counter[str]) -> list[dict[str, Any]]:
    out = []
    for h in items:
        name = str(h.get("name", ""))
        if SECRET_HEADER.search(name):
            removed[f"header {name.lower()}"] += 1
            out.append({**h, "value": REDACTED})
        else:
            out.append(h)
    return out


def _strip_signatures(value: str, removed: Counter[str]) -> str:
    """The SAMLResponse with SignatureValue and DigestValue emptied (re-encoded as posted)."""
    try:
        root = parse_xml(decode_value(value).xml)
    except DecodeError:
        removed["undecodable SAMLResponse (dropped)"] += 1
        return REDACTED
    for tag in ("SignatureValue", "DigestValue"):
        for el in root.iter(f"{{{DS}}}{tag}"):
            el.text = ""
            removed[tag] += 1
    return base64.b64encode(etree.tostring(root)).decode()


def _form(text: str, removed: Counter[str]) -> str:
    parts = []
    for name, value in parse_form(text).items():
        if name == "SAMLResponse":
            value = _strip_signatures(value, removed)
        elif SECRET_FIELD.search(name):
            removed[f"form field {name}"] += 1
            value = REDACTED
        parts.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return "&".join(parts)


def redact_entry(
    entry: dict[str, Any],
    index: int,
    source: str,
    config: Config,
    trust: TrustStore | None,
    removed: Counter[str],
) -> dict[str, Any]:
    capture = entry_capture(entry, index, source)
    if capture is not None:
        report = analyse(capture, config, trust)
        if report.verification is not None:
            entry["_samlscope"] = {
                "signature_before_redaction": {
                    "status": report.verification.status.value,
                    "summary": report.verification.summary,
                    "findings": [
                        {
                            "code": f.code,
                            "name": f.name,
                            "severity": f.severity.value,
                            "message": f.message,
                            "fix": f.fix,
                        }
                        for f in report.findings
                        if f.code.startswith("SIG")
                    ],
                }
            }
            entry["comment"] = (
                f"samlscope redact: signature was {report.verification.status.value}"
                " before the signature values were removed"
            )
    request, response = entry.get("request", {}), entry.get("response", {})
    for message in (request, response):
        if message.get("cookies"):
            removed["cookies"] += len(message["cookies"])
            message["cookies"] = []
        message["headers"] = _headers(message.get("headers") or [], removed)
    post = request.get("postData") or {}
    if isinstance(post.get("text"), str) and "=" in post["text"]:
        post["text"] = _form(post["text"], removed)
    params = []
    for p in post.get("params") or []:
        name, value = str(p.get("name", "")), str(p.get("value", ""))
        if name == "SAMLResponse":
            value = quote(
                _strip_signatures(unquote(value) if "%" in value else value, removed), safe=""
            )
        elif SECRET_FIELD.search(name):
            value = REDACTED
        params.append({**p, "value": value})
    if params:
        post["params"] = params
    return entry


def redact_har(path: str, out: TextIO, config: Config, trust: TrustStore | None) -> Counter[str]:
    try:
        with open(path, encoding="utf-8-sig") as fh:
            document = json.load(fh)
        entries = document["log"]["entries"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path} is not a readable HAR file: {e}") from None
    removed: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            redact_entry(entry, index, path, config, trust, removed)
    out.write(dumps(document, indent=2) + "\n")
    return removed


def open_private(path: str) -> TextIO:
    """A new file only its owner can read (a capture describes credentials)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8")
