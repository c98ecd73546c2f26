"""The JSON document of `samlscope inspect --json`.

Its keys are a contract: scripts depend on them; never rename one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from samlscope import __version__
from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.message.model import Assertion, Instant, SamlMessage
from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.certs import CertInfo
from samlscope.decoder.signature.verify import Verification
from samlscope.decoder.timeutil import iso
from samlscope.lazyre import lazy_pattern
from samlscope.report import Report
from samlscope.rules.engine import Finding


def _instant(value: Instant | None) -> str | None:
    if value is None:
        return None
    return iso(value.value) if value.value is not None else value.raw


def cert_dict(cert: CertInfo | None) -> dict[str, Any] | None:
    if cert is None:
        return None
    return {
        "sha256": cert.sha256,
        "sha1_thumbprint": cert.sha1,
        "subject": cert.subject,
        "issuer": cert.issuer,
        "serial": cert.serial,
        "not_before": iso(cert.not_before),
        "not_after": iso(cert.not_after),
    }


def _assertion(a: Assertion) -> dict[str, Any]:
    return {
        "id": a.id,
        "issuer": a.issuer,
        "issue_instant": _instant(a.issue_instant),
        "subject": {
            "name_id": a.name_id.value if a.name_id else None,
            "name_id_format": a.name_id.format if a.name_id else None,
            "confirmations": [
                {
                    "method": c.method,
                    "recipient": c.recipient,
                    "not_on_or_after": _instant(c.not_on_or_after),
                    "not_before": _instant(c.not_before),
                    "in_response_to": c.in_response_to,
                }
                for c in a.confirmations
            ],
        },
        "conditions": None
        if a.conditions is None
        else {
            "not_before": _instant(a.conditions.not_before),
            "not_on_or_after": _instant(a.conditions.not_on_or_after),
            "audiences": list(a.conditions.audiences),
        },
        "authn_statements": [
            {
                "authn_instant": _instant(s.authn_instant),
                "session_index": s.session_index,
                "session_not_on_or_after": _instant(s.session_not_on_or_after),
            }
            for s in a.authn_statements
        ],
        "attributes": [
            {
                "name": t.name,
                "values": list(t.values),
                "name_format": t.name_format,
                "friendly_name": t.friendly_name,
            }
            for t in a.attributes
        ],
    }


def message_dict(message: SamlMessage) -> dict[str, Any]:
    r = message.response
    assertions = [_assertion(a) for a in r.assertions]
    consumed = assertions[0] if assertions else None
    return {
        "id": r.id,
        "version": r.version,
        "issue_instant": _instant(r.issue_instant),
        "issuer": r.issuer,
        "destination": r.destination,
        "in_response_to": r.in_response_to,
        "ids": {"response": r.id, "assertions": [a.id for a in r.assertions]},
        "status": None
        if r.status is None
        else {
            "code": r.status.code,
            "nested": list(r.status.nested),
            "message": r.status.message,
        },
        "assertions": assertions,
        "encrypted_assertions": r.encrypted_assertions,
        "nested_assertions": r.nested_assertions,
        "subject": consumed["subject"] if consumed else None,
        "conditions": consumed["conditions"] if consumed else None,
        "audiences": (consumed["conditions"] or {}).get("audiences", []) if consumed else [],
        "attributes": consumed["attributes"] if consumed else [],
        "size": {"xml_bytes": message.xml_size, "base64_chars": message.encoded_length},
        "decoding": list(message.notes),
    }


def signature_dict(v: Verification) -> dict[str, Any]:
    primary = v.primary
    info = primary.info if primary else None
    return {
        "status": v.status.value,
        "summary": v.summary,
        "signed_elements": list(v.signed_elements),
        "algorithms": {
            "signature": info.signature_method if info else None,
            "digest": info.digest_methods[0] if info and info.digest_methods else None,
            "canonicalization": info.canonicalization if info else None,
            "weak": bool(info and {info.signature_method, *info.digest_methods} & alg.WEAK),
        },
        "certificate": cert_dict(primary.signer if primary else None),
        "trusted_by": primary.trusted_by if primary and primary.outcome.verified else None,
        "trust_anchors": None
        if v.trust is None
        else {
            "kind": v.trust.kind,
            "source": v.trust.source,
            "entity_ids": list(v.trust.entity_ids),
            "certificates": [cert_dict(a.cert) for a in v.trust.anchors if a.cert],
        },
        "signatures": [
            {
                "path": c.info.path,
                "element": c.info.parent,
                "element_id": c.info.parent_id,
                "placement": c.info.placement,
                "outcome": c.outcome.value,
                "reason": c.reason,
                "reference_uris": list(c.info.reference_uris),
                "signature_method": c.info.signature_method,
                "digest_methods": list(c.info.digest_methods),
                "signer_sha256": c.signer.sha256 if c.signer else None,
                "embedded_certificates": [cert_dict(x) for x in c.info.certificates],
            }
            for c in v.checks
        ],
        "wrapping": list(v.wrapping),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "fix": f.fix,
        "evidence": dict(f.evidence),
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "source": report.capture.source,
        "captured_at": iso(report.capture.captured_at),
        "evaluated_at": iso(report.evaluated_at),
        "time_source": report.time_source,
        "endpoint": report.endpoint,
        "profile": report.profile.name,
        "relay_state": report.relay_state,
        "verdict": report.verdict,
        "stopped_at": report.stopped_at,
        "idp_error": report.capture.idp_error._asdict() if report.capture.idp_error else None,
        "authn_requests": [
            {**r._asdict(), "sent_at": iso(r.sent_at)} for r in report.capture.authn_requests
        ],
        "message": message_dict(report.message) if report.message else None,
        "signature": signature_dict(report.verification)
        if report.verification
        else {
            "status": "error",
            "summary": "not decoded",
            "signed_elements": [],
            "algorithms": {},
            "certificate": None,
            "trusted_by": None,
        },
        "findings": [finding_dict(f) for f in report.findings],
        "outcome": report.outcome.as_dict() if report.outcome else None,
        "notes": list(report.notes),
        "login_kind": report.login_kind,
        "idp_start": {
            "idp": report.capture.idp_start[0],
            "url": report.capture.idp_start[1],
            "at": iso(report.capture.idp_start[2]),
        }
        if report.capture.idp_start
        else None,
        "login": report.capture.ordinal or None,
        "recorded_before_redaction": dict(report.recorded_signature)
        if report.recorded_signature is not None
        else None,
    }


_UNSAFE_IN_JSON = lazy_pattern("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON with non-ASCII kept readable but C1 controls and bidi overrides escaped as \\u:
    a report printed to a terminal can never carry a raw control sequence."""
    text = json.dumps(
        value, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":")
    )
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def raw_dict(report: Report) -> dict[str, Any]:
    """The raw message, only for `inspect --include-raw`: never in reports by default."""
    capture = report.capture
    xml = capture.xml.decode("utf-8", "replace") if capture.xml is not None else None
    if xml is None and capture.value is not None:
        try:
            xml = decode_value(capture.value).xml.decode("utf-8", "replace")
        except DecodeError:
            xml = None
    return {"saml_response": capture.value, "xml": xml}


def document(reports: Iterable[Report]) -> dict[str, Any]:
    return {
        "tool": {"name": "samlscope", "version": __version__},
        "reports": [report_dict(r) for r in reports],
    }


def pretty_xml(report: Report) -> str:
    """The decoded XML, re-read by the hardened parser and pretty-printed, every invisible
    character shown (`inspect --xml`, which the user asks for: it is a bearer credential)."""
    from lxml import etree

    from samlscope.decoder.message.xmlparse import parse_xml
    from samlscope.view.sanitize import clean

    raw = raw_dict(report)["xml"]
    if raw is None:
        return f"<!-- cannot decode: {clean(report.verdict)} -->"
    try:
        root = parse_xml(raw.encode("utf-8"))
    except DecodeError as e:
        return f"<!-- cannot parse: {clean(e.message)} -->"
    for el in root.iter():
        if isinstance(el.tag, str) and el.text and el.text.strip() == "" and len(el):
            el.text = None
        if el.tail is not None and el.tail.strip() == "":
            el.tail = None
    return clean(etree.tostring(root, pretty_print=True, encoding="unicode").rstrip())
