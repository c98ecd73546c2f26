"""The rich terminal view: what was posted where, the signature verdict, claims, timeline, findings.

Every SAML value goes through view.sanitize.text (rich Text, no markup, no emoji, no control
characters): an ARN such as `acs:ram::123:role/x` prints unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from samlscope.decoder import algorithms as alg
from samlscope.decoder.certs import CertInfo
from samlscope.decoder.model import Assertion, Instant
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.decoder.verify import Outcome, SignatureStatus, Verification
from samlscope.rules.engine import Finding, Severity
from samlscope.view.sanitize import clip, text

from samlscope.report import Report

STATUS_STYLE = {
    SignatureStatus.VALID: "bold green",
    SignatureStatus.UNPINNED: "bold yellow",
    SignatureStatus.UNTRUSTED: "bold red",
    SignatureStatus.INVALID: "bold red",
    SignatureStatus.UNSIGNED: "bold red",
    SignatureStatus.ERROR: "bold magenta",
    SignatureStatus.REDACTED: "bold magenta",
}
SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "cyan",
}
ROLE_SUFFIX = "/role"


def make_console(
    file: object = None, *, color: bool | None = None, width: int | None = None
) -> Console:
    return Console(
        file=file,  # type: ignore[arg-type]
        emoji=False,
        markup=False,
        highlight=False,
        no_color=color is False,
        force_terminal=color or None,
        width=width,
        soft_wrap=False,
    )


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _verdict(report: Report) -> Text:
    if report.stale:
        return text(f"⚠ {report.verdict}", "bold yellow")
    style = (
        "bold red"
        if report.failed or report.message is None
        else ("bold yellow" if report.count(Severity.WARNING) else "bold green")
    )
    mark = "✘" if report.failed or report.message is None else "✔"
    return text(f"{mark} {report.verdict}", style)


def _posted(report: Report) -> Table:
    grid = _grid()
    grid.add_row("posted to", text(report.endpoint or "(unknown: pass --endpoint)"))
    grid.add_row("profile", text(report.profile.name))
    if report.relay_state is not None:
        grid.add_row("RelayState", text(clip(report.relay_state)))
    grid.add_row("evaluated at", text(f"{iso(report.evaluated_at)}  ({report.time_source})"))
    if report.message is not None:
        m = report.message
        size = f"{m.xml_size:,} bytes of XML"
        if m.encoded_length is not None:
            size += f", {m.encoded_length:,} base64 characters"
        grid.add_row("size", text(size + (f"  ({'; '.join(m.notes)})" if m.notes else "")))
        r = m.response
        grid.add_row("issuer", text(r.issuer or "(none)"))
        if r.status is not None:
            status = " / ".join(
                x.rpartition(":")[2] for x in (r.status.code or "?", *r.status.nested)
            )
            grid.add_row(
                "status",
                text(
                    status + (f": {r.status.message}" if r.status.message else ""),
                    "green" if status == "Success" else "bold red",
                ),
            )
    return grid


def _cert_line(cert: CertInfo | None) -> Text:
    if cert is None:
        return text("(no certificate)")
    out = text(f"SHA-256 {cert.sha256}")
    out.append("\n")
    out.append_text(text(f"Entra thumbprint (SHA-1) {cert.sha1}", "dim"))
    out.append("\n")
    out.append_text(text(f"{cert.subject}  valid {iso(cert.not_before)} → {iso(cert.not_after)}"))
    return out


def _signature(v: Verification) -> Table:
    grid = _grid()
    grid.add_row("verdict", text(f"{v.status.value.upper()}: {v.summary}", STATUS_STYLE[v.status]))
    for check in v.checks:
        style = (
            "green"
            if check.outcome is Outcome.VALID
            else ("dim" if check.outcome is Outcome.IGNORED else "red")
        )
        info = check.info
        algs = (
            f"{alg.short(info.signature_method)} / {', '.join(map(alg.short, info.digest_methods))}"
        )
        line = text(f"{check.outcome.value}: {check.reason}", style)
        line.append("\n")
        line.append_text(
            text(f"{algs}; Reference {', '.join(repr(u) for u in info.reference_uris)}", "dim")
        )
        grid.add_row(text(info.path), line)
    primary = v.primary
    if primary is not None and primary.signer is not None:
        grid.add_row("signed by", _cert_line(primary.signer))
    elif primary is not None and primary.info.certificates:
        grid.add_row("embedded cert", _cert_line(primary.info.certificates[0]))
    if v.trust is not None:
        anchors = Text()
        signer = primary.signer.sha256 if primary and primary.signer else None
        for a in v.trust.anchors:
            if a.cert is None:
                anchors.append_text(text("(a bare public key)"))
                anchors.append("\n")
                continue
            mark = "✔ matches the signer" if a.cert.sha256 == signer else ""
            anchors.append_text(text(f"SHA-256 {a.cert.sha256} ", ""))
            anchors.append_text(text(mark, "green"))
            anchors.append("\n")
            anchors.append_text(text(f"{a.cert.subject}, valid to {iso(a.cert.not_after)}", "dim"))
            anchors.append("\n")
        anchors.rstrip()
        grid.add_row(text(f"trusted ({v.trust.kind})"), anchors)
    return grid


def _role_parts(value: str) -> tuple[str, str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2:
        return value, "", "not two comma-separated ARNs"
    first, second = parts
    if ":saml-provider/" in first and ":role/" in second:
        return second, first, "provider ARN first (reversed)"
    return first, second, ""


def _claims(assertion: Assertion) -> RenderableType:
    table = Table(title="claims", title_justify="left", expand=False, show_lines=False)
    table.add_column("attribute", overflow="fold", max_width=60)
    table.add_column("value", overflow="fold")
    if assertion.name_id is not None:
        table.add_row(text("NameID"), text(clip(assertion.name_id.value)))
    roles = None
    for attr in assertion.attributes:
        if attr.name.lower().endswith(ROLE_SUFFIX):
            roles = attr
        values = Text("\n").join(text(clip(v)) for v in attr.values[:20])
        if len(attr.values) > 20:
            values.append(f"\n… {len(attr.values) - 20} more")
        table.add_row(text(attr.name), values)
    if roles is None:
        return table
    role_table = Table(title=f"roles ({roles.name})", title_justify="left", show_header=False)
    role_table.add_column("#", justify="right")
    role_table.add_column("part", style="bold", no_wrap=True)
    role_table.add_column("ARN", overflow="fold")
    for i, value in enumerate(roles.values, 1):
        role, provider, note = _role_parts(value)
        role_table.add_row(str(i), "RAM role", text(role))
        role_table.add_row("", "IdP (SAML provider)", text(provider))
        if note:
            role_table.add_row("", "", text(note, "bold red"))
    return Group(table, role_table)


def _timeline(report: Report, assertion: Assertion | None) -> Table:
    at = report.evaluated_at
    points: list[tuple[str, Instant | None]] = []
    if report.message is not None:
        points.append(("Response IssueInstant", report.message.response.issue_instant))
    if assertion is not None:
        points.append(("Assertion IssueInstant", assertion.issue_instant))
        if assertion.conditions is not None:
            points += [
                ("Conditions NotBefore", assertion.conditions.not_before),
                ("Conditions NotOnOrAfter", assertion.conditions.not_on_or_after),
            ]
        for c in assertion.confirmations:
            points.append(("SubjectConfirmation NotOnOrAfter", c.not_on_or_after))
        for s in assertion.authn_statements:
            points.append(("SessionNotOnOrAfter", s.session_not_on_or_after))
    rows: list[tuple[datetime | None, str, str]] = []
    for label, instant in points:
        if instant is not None:
            rows.append((instant.value, label, instant.raw))
    table = Table(title="validity timeline", title_justify="left")
    table.add_column("when (UTC)")
    table.add_column("what")
    table.add_column("vs evaluation time", justify="right")
    dated = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])  # type: ignore[arg-type,return-value]
    placed = False
    for when, label, _raw in dated:
        assert when is not None
        if not placed and when > at:
            table.add_row(
                text(iso(at)), text(f"▶ evaluated ({report.time_source})", "bold"), text("0")
            )
            placed = True
        delta = (when - at).total_seconds()
        sign = "+" if delta >= 0 else "−"
        table.add_row(text(iso(when)), text(label), text(f"{sign}{describe_delta(delta)}"))
    if not placed:
        table.add_row(text(iso(at)), text(f"▶ evaluated ({report.time_source})", "bold"), text("0"))
    for when, label, raw in rows:
        if when is None:
            table.add_row(text(clip(raw, 40)), text(label), text("unparseable", "red"))
    return table


def _findings(findings: tuple[Finding, ...]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for f in findings:
        head = text(f"{f.severity.value.upper()} {f.code}", SEVERITY_STYLE[f.severity])
        body = text(f"{f.name}: ", "bold")
        body.append_text(text(f.message))
        body.append("\n")
        body.append_text(text(f"fix: {f.fix}", "dim"))
        grid.add_row(head, body)
    return grid


def _outcome(report: Report) -> Table:
    outcome = report.outcome
    assert outcome is not None
    grid = _grid()
    style = {"accepted": "green", "rejected": "bold red"}.get(outcome.verdict, "")
    grid.add_row("SP answered", text(f"HTTP {outcome.status} ({outcome.verdict})", style))
    if outcome.redirect:
        grid.add_row("redirect to", text(clip(outcome.redirect)))
    if outcome.error_text:
        grid.add_row("page says", text(clip(outcome.error_text)))
    return grid


def _recorded(record: Mapping[str, Any]) -> Text:
    """The verdict `samlscope redact` wrote into the file: shown, never trusted."""
    out = text(
        "recorded before redaction (written in the capture file, not verifiable here): "
        f"signature {record.get('status')}",
        "magenta",
    )
    for f in record.get("findings") or []:
        out.append("\n")
        out.append_text(text(f"  {f.get('code')} {f.get('name')}: {f.get('message')}", "dim"))
    return out


def render_compact(report: Report, console: Console) -> None:
    """A few lines for a login with nothing to report (mitmdump, unless saml_verbose)."""
    out = _verdict(report)
    out.append_text(text(f"  {report.capture.source}", "dim"))
    out.append("\n")
    v = report.verification
    if v is not None:
        signer = v.primary.signer if v.primary else None
        out.append_text(text(f"  signature {v.status.value}", STATUS_STYLE[v.status]))
        if signer is not None:
            out.append_text(text(f" · signer SHA-256 {signer.sha256[:16]}… · {signer.subject}"))
        out.append("\n")
    assertion = report.message.response.consumed if report.message else None
    for attr in assertion.attributes if assertion else ():
        if attr.name.lower().endswith(ROLE_SUFFIX):
            for value in attr.values:
                role, provider, _ = _role_parts(value)
                out.append_text(text(f"  role {role} via {provider}"))
                out.append("\n")
    out.rstrip()
    console.print(out)


def render(report: Report, console: Console) -> None:
    """Print one report."""
    parts: list[RenderableType] = [_verdict(report), Text(""), _posted(report)]
    assertion = report.message.response.consumed if report.message else None
    if report.verification is not None:
        parts += [Text(""), text("signature", "bold underline"), _signature(report.verification)]
    if assertion is not None:
        parts += [Text(""), _claims(assertion), _timeline(report, assertion)]
    if report.recorded_signature is not None:
        parts += [Text(""), _recorded(report.recorded_signature)]
    for note in report.notes:
        parts.append(text(f"note: {note}", "yellow"))
    if report.outcome is not None:
        parts += [Text(""), _outcome(report)]
    if report.findings:
        parts += [Text(""), text("findings", "bold underline")]
        parts.append(_findings(report.findings))
    console.print(
        Panel(Group(*parts), title=text(f"samlscope · {report.capture.source}"), title_align="left")
    )
