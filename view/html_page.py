"""The HTML page hold mode answers the browser with: the same facts as the terminal view.

Every value is escaped; the page loads nothing (CSP default-src 'none') and never contains the
raw SAMLResponse or the SignatureValue.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from samlscope.decoder import algorithms as alg
from samlscope.decoder.timeutil import iso
from samlscope.rules.engine import Severity
from samlscope.view.sanitize import visible

from samlscope.report import Report

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#1d1d1f}
h1{font-size:1.4em}.error{color:#b00020}.warning{color:#8a5a00}.info{color:#0b5394}
.ok{color:#1b7f3b}table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
code{font:12px ui-monospace,monospace;word-break:break-all}
"""


def e(value: object) -> str:
    return escape(visible(value), quote=True)


def _rows(rows: Sequence[tuple[str, object]]) -> str:
    return "".join(f"<tr><th>{e(k)}</th><td><code>{e(v)}</code></td></tr>" for k, v in rows)


def render_html(report: Report) -> str:
    verdict_class = "error" if report.failed or report.message is None else "ok"
    parts = [
        "<h1>samlscope: SAML login held at the proxy</h1>",
        f'<p class="{verdict_class}"><strong>{e(report.verdict)}</strong></p>',
        "<p>The SAMLResponse was not forwarded, so the assertion was not consumed.</p>",
    ]
    overview = [
        ("posted to", report.endpoint or "(unknown)"),
        ("profile", report.profile.name),
        ("evaluated at", f"{iso(report.evaluated_at)} ({report.time_source})"),
    ]
    if report.relay_state is not None:
        overview.append(("RelayState", report.relay_state))
    message = report.message
    if message is not None:
        overview.append(("issuer", message.response.issuer or "(none)"))
    parts.append(f"<table>{_rows(overview)}</table>")
    v = report.verification
    if v is not None:
        rows: list[tuple[str, object]] = [("verdict", f"{v.status.value}: {v.summary}")]
        for check in v.checks:
            rows.append(
                (
                    check.info.path,
                    f"{check.outcome.value}: {check.reason} "
                    f"({alg.short(check.info.signature_method)})",
                )
            )
        signer = v.primary.signer if v.primary else None
        if signer is not None:
            rows.append(
                (
                    "signed by",
                    f"SHA-256 {signer.sha256} / Entra thumbprint {signer.sha1} "
                    f"/ {signer.subject} / valid to {iso(signer.not_after)}",
                )
            )
        if v.trust is not None:
            for anchor in v.trust.anchors:
                if anchor.cert is not None:
                    rows.append((f"trusted ({v.trust.kind})", f"SHA-256 {anchor.cert.sha256}"))
        parts.append(f"<h2>Signature</h2><table>{_rows(rows)}</table>")
    assertion = message.response.consumed if message else None
    if assertion is not None:
        claims: list[tuple[str, object]] = []
        if assertion.name_id is not None:
            claims.append(("NameID", assertion.name_id.value))
        for attr in assertion.attributes:
            for value in attr.values[:20]:
                claims.append((attr.name, value))
        parts.append(f"<h2>Claims</h2><table>{_rows(claims)}</table>")
        times: list[tuple[str, object]] = []
        if assertion.conditions is not None:
            for label, instant in (
                ("Conditions NotBefore", assertion.conditions.not_before),
                ("Conditions NotOnOrAfter", assertion.conditions.not_on_or_after),
            ):
                if instant is not None:
                    times.append((label, instant.raw))
        for c in assertion.confirmations:
            if c.not_on_or_after is not None:
                times.append(("SubjectConfirmation NotOnOrAfter", c.not_on_or_after.raw))
        parts.append(f"<h2>Validity</h2><table>{_rows(times)}</table>")
    if report.recorded_signature is not None:
        record = report.recorded_signature
        recorded: list[tuple[str, object]] = [("signature", record.get("status"))]
        for f in record.get("findings") or []:
            recorded.append((f"{f.get('code')} {f.get('name')}", f.get("message")))
        parts.append(
            "<h2>Recorded before redaction (not verifiable here)</h2>"
            f"<table>{_rows(recorded)}</table>"
        )
    if report.notes:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in report.notes) + "</ul>")
    if report.outcome is not None:
        o = report.outcome
        answer = [
            ("status", o.status),
            ("redirect", o.redirect or ""),
            ("page says", o.error_text or ""),
        ]
        parts.append(f"<h2>The SP answered</h2><table>{_rows(answer)}</table>")
    if report.findings:
        items = "".join(
            f'<li class="{f.severity.value}"><strong>{e(f.severity.value.upper())} {e(f.code)} '
            f"{e(f.name)}</strong>: {e(f.message)}<br><em>fix:</em> {e(f.fix)}</li>"
            for f in sorted(report.findings, key=lambda f: (f.severity.rank, f.code))
        )
        parts.append(f"<h2>Findings</h2><ul>{items}</ul>")
    errors = report.count(Severity.ERROR)
    title = f"samlscope: {errors} error{'s' * (errors != 1)}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )
