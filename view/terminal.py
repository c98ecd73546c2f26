"""The rich terminal view: the verdict, what was posted where, the signature, claims, timeline,
findings, and the verdict again as the last line.

Copy-safe by construction: no box drawing around values, and no value is ever folded inside a
token. A row is `label  value` when it fits the width; otherwise the value goes on its own
line, printed with soft wrapping (the terminal may wrap it on screen, but it stays one line,
so a copy gives the exact ARN, URL, claim name or thumbprint). Prose (messages, fixes) wraps at
spaces only. Every SAML value goes through view.sanitize.text: no markup, no emoji, invisible
characters shown as ⟨U+XXXX⟩.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from samlscope.decoder.message.model import Assertion, Instant
from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.certs import CertInfo
from samlscope.decoder.signature.verify import Outcome, SignatureStatus, Verification
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.facts.model import RoleFacts
from samlscope.facts.roles import REVERSED_NOTE, role_parts
from samlscope.report import Report
from samlscope.rules.engine import Finding, Severity
from samlscope.view.sanitize import clip, visible, wrap_words

if TYPE_CHECKING:
    from rich.console import Console


class Text:
    """A line of styled spans. Built without rich; turned into rich Text only when printed to
    a colour terminal, so plain output (a pipe, NO_COLOR) never imports rich."""

    def __init__(self, value: str = "", style: str = "") -> None:
        self.spans: list[tuple[str, str]] = [(value, style)] if value else []

    def append(self, value: str, style: str = "") -> None:
        self.spans.append((value, style))

    def append_text(self, other: Text) -> None:
        self.spans += other.spans

    @property
    def plain(self) -> str:
        return "".join(v for v, _ in self.spans)

    def to_rich(self) -> Any:
        from rich.text import Text as RichText

        out = RichText()
        for value, style in self.spans:
            out.append(value, style=style or None)
        return out


def text(value: object, style: str = "") -> Text:
    """One value: every invisible character shown, nothing interpreted."""
    return Text(visible(value), style)


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
LABEL = 14
"""Width of the label column."""
MAX_ATTRIBUTES = 20


def make_console(
    file: object = None, *, color: bool | None = None, width: int | None = None
) -> Console:
    """A console that interprets nothing in values. `color` None follows the terminal and the
    NO_COLOR convention; True or False forces it."""
    from rich.console import Console

    return Console(
        file=file,  # type: ignore[arg-type]
        emoji=False,
        markup=False,
        highlight=False,
        no_color=True if color is False else None,
        force_terminal=True if color else None,
        width=width,
        soft_wrap=False,
    )


class Lines:
    """The report as lines: each is printed with soft wrapping, so nothing is folded."""

    def __init__(self, width: int) -> None:
        self.width = max(width, 40)
        self.items: list[Text] = []

    def add(self, line: Text | str = "") -> None:
        self.items.append(line if isinstance(line, Text) else Text(line))

    def row(self, label: str, value: object, style: str = "", indent: int = 0) -> None:
        """`label  value`, or the value alone on the next line when it does not fit."""
        shown = visible(value)
        head = " " * indent + label.ljust(LABEL - indent if label else 0)
        if label and len(head) + 2 + len(shown) <= self.width:
            line = Text(head + "  ", style="bold")
            line.append(shown, style=style)
            self.add(line)
            return
        if label:
            self.add(Text(" " * indent + label, style="bold"))
        self.add(Text(" " * (indent + 2) + shown, style=style))

    def prose(self, value: object, *, indent: int = 0, style: str = "", first: str = "") -> None:
        """Words wrapped at spaces; a token longer than the width stays whole on its line."""
        lines = wrap_words(
            visible(value),
            self.width,
            " " * indent + first,
            " " * (indent + 2),
        ) or [" " * indent + first]
        for n, line in enumerate(lines):
            if n == 0 and first:
                t = Text(line[: indent + len(first)], style="bold " + style if style else "bold")
                t.append(line[indent + len(first) :], style=style)
                self.add(t)
            else:
                self.add(Text(line, style=style))

    def print(self, console: Console) -> None:
        for line in self.items:
            console.print(line.to_rich(), soft_wrap=True)

    def write_plain(self, out: TextIO) -> None:
        out.write("".join(line.plain.rstrip() + "\n" for line in self.items))


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


def _idp_error(report: Report, out: Lines) -> None:
    """Where a login that stopped at the IdP stopped, and what the IdP's page said."""
    error = report.capture.idp_error
    assert error is not None
    out.row("stopped at", f"{error.idp}, before any assertion was issued", "bold red")
    out.row("IdP page", error.url or "(a saved page: its address is not recorded)")
    out.row("error", error.code or "(no code)", "bold red")
    if error.message:
        out.row("message", error.message)
    for label, value in (
        *error.troubleshooting(),
        ("user", error.user),
        ("app", f"{error.app_name} ({error.app_id})" if error.app_name else None),
    ):
        if value:
            out.row(label, value)
    out.row("evaluated at", f"{iso(report.evaluated_at)}  ({report.time_source})")


def _posted(report: Report, out: Lines) -> None:
    if report.stopped_at == "idp":
        _idp_error(report, out)
        return
    out.row("login", report.login_kind)
    out.row("posted to", report.endpoint or "(unknown: pass --endpoint)")
    out.row("profile", report.profile.name)
    if report.relay_state is not None:
        out.row("RelayState", clip(report.relay_state))
    out.row("evaluated at", f"{iso(report.evaluated_at)}  ({report.time_source})")
    if report.message is None:
        return
    m = report.message
    size = f"{m.xml_size:,} bytes of XML"
    if m.encoded_length is not None:
        size += f", {m.encoded_length:,} base64 characters"
    out.row("size", size + (f"  ({'; '.join(m.notes)})" if m.notes else ""))
    r = m.response
    out.row("issuer", r.issuer or "(none)")
    if r.status is not None:
        status = " / ".join(x.rpartition(":")[2] for x in (r.status.code or "?", *r.status.nested))
        shown = status + (f": {r.status.message}" if r.status.message else "")
        out.row("status", shown, "green" if status == "Success" else "bold red")


def _cert(cert: CertInfo, out: Lines, label: str) -> None:
    out.row(label, f"SHA-256 {cert.sha256}", indent=2)
    out.row("", f"thumbprint (SHA-1) {cert.sha1}", "dim", indent=2)
    out.row("", f"{cert.subject}  valid {iso(cert.not_before)} → {iso(cert.not_after)}", indent=2)


def _signature(v: Verification, out: Lines) -> None:
    out.row("signature", f"{v.status.value.upper()}: {v.summary}", STATUS_STYLE[v.status])
    for check in v.checks[:10]:
        style = (
            "green"
            if check.outcome is Outcome.VALID
            else ("dim" if check.outcome is Outcome.IGNORED else "red")
        )
        info = check.info
        out.row("", info.path, "bold", indent=2)
        out.prose(f"{check.outcome.value}: {check.reason}", indent=4, style=style)
        algs = (
            f"{alg.short(info.signature_method)} / {', '.join(map(alg.short, info.digest_methods))}"
        )
        out.prose(f"{algs}; Reference {', '.join(repr(u) for u in info.reference_uris)}", indent=4)
    if len(v.checks) > 10:
        out.row("", f"… {len(v.checks) - 10} more signatures (--json lists them)", indent=2)
    primary = v.primary
    if primary is not None and primary.signer is not None:
        _cert(primary.signer, out, "signed by")
    elif primary is not None and primary.info.certificates:
        _cert(primary.info.certificates[0], out, "embedded cert")
    if v.trust is not None:
        signer = primary.signer.sha256 if primary and primary.signer else None
        for a in v.trust.anchors:
            label = f"trusted ({v.trust.kind})"
            if a.cert is None:
                out.row(label, "(a bare public key)", indent=2)
                continue
            mark = "  ✔ matches the signer" if a.cert.sha256 == signer else ""
            out.row(label, f"SHA-256 {a.cert.sha256}{mark}", indent=2)
            out.row("", f"{a.cert.subject}, valid to {iso(a.cert.not_after)}", "dim", indent=2)


def _claims(
    assertion: Assertion, out: Lines, show_all: bool, facts: RoleFacts | None = None
) -> None:
    out.add(text("claims", "bold underline"))
    if assertion.name_id is not None:
        out.row("NameID", clip(assertion.name_id.value), indent=2)
    attributes = assertion.attributes if show_all else assertion.attributes[:MAX_ATTRIBUTES]
    roles = None
    for attr in assertion.attributes:
        if attr.name.lower().endswith(ROLE_SUFFIX):
            roles = attr
    for attr in attributes:
        out.row("", attr.name, "bold", indent=2)
        values = attr.values if show_all else attr.values[:MAX_ATTRIBUTES]
        for value in values:
            out.row("", clip(value), indent=4)
        if len(attr.values) > len(values):
            out.row("", f"… {len(attr.values) - len(values)} more values: --all", "dim", indent=4)
    if len(assertion.attributes) > len(attributes):
        hidden = len(assertion.attributes) - len(attributes)
        out.row("", f"… {hidden} more attributes: --all shows them", "dim", indent=2)
    if roles is None:
        return
    out.add(text(f"roles ({roles.name})", "bold underline"))
    for i, value in enumerate(roles.values, 1):
        role, provider, note = role_parts(value)
        label = facts.role_arn_name.removesuffix(" ARN") if facts else "role"
        out.row(f"{i} {label}", role, indent=2)
        out.row("  IdP (SAML provider)", provider, indent=2)
        if note:
            # a cloud that takes either order accepts a reversed pair, nothing else
            accepted = facts is not None and not facts.order_required and note == REVERSED_NOTE
            out.row(
                "",
                note + (f" ({facts.cloud} accepts it)" if facts and accepted else ""),
                "yellow" if accepted else "bold red",
                indent=2,
            )


def _timeline(report: Report, assertion: Assertion | None, out: Lines) -> None:
    at = report.evaluated_at
    points: list[tuple[str, Instant | None]] = [
        (f"AuthnRequest {clip(r.id or '?', 24)} IssueInstant", Instant(r.issue_instant, r.issued))
        for r in report.capture.authn_requests[-3:]
        if r.issue_instant
    ]
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
    rows: list[tuple[datetime | None, str, str]] = [
        (i.value, label, i.raw) for label, i in points if i is not None
    ]
    start = report.capture.idp_start
    if start is not None and start[2] is not None:
        rows.insert(0, (start[2], f"sign-in started at {start[0]} ({clip(start[1], 60)})", ""))
    out.add(text("validity timeline", "bold underline"))
    dated = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0])  # type: ignore[arg-type,return-value]
    placed = False
    evaluated = f"▶ evaluated ({report.time_source})"
    for when, label, _raw in dated:
        assert when is not None
        if not placed and when > at:
            out.add(text(f"  {iso(at)}  {evaluated}", "bold"))
            placed = True
        delta = (when - at).total_seconds()
        sign = "+" if delta >= 0 else "−"
        out.add(text(f"  {iso(when)}  {label}  {sign}{describe_delta(delta)}"))
    if not placed:
        out.add(text(f"  {iso(at)}  {evaluated}", "bold"))
    for when, label, raw in rows:
        if when is None:
            out.add(text(f"  {clip(raw, 40)}  {label}  unparseable", "red"))


def _findings(findings: tuple[Finding, ...], out: Lines) -> None:
    out.add(text("findings", "bold underline"))
    for f in findings:
        out.add(text(f"{f.severity.value.upper()} {f.code} {f.name}", SEVERITY_STYLE[f.severity]))
        out.prose(f.message, indent=2)
        out.prose(f.fix, indent=2, style="dim", first="fix: ")


def _outcome(report: Report, out: Lines) -> None:
    outcome = report.outcome
    assert outcome is not None
    style = {"accepted": "green", "rejected": "bold red"}.get(outcome.verdict, "")
    out.row("SP answered", f"HTTP {outcome.status} ({outcome.verdict})", style)
    if outcome.redirect:
        out.row("redirect to", clip(outcome.redirect))
    if outcome.error_text:
        out.row("page says", clip(outcome.error_text))
    if outcome.error_code:
        out.row("error code", outcome.error_code, "bold red")


def _recorded(record: Mapping[str, Any], out: Lines) -> None:
    """The verdict `samlscope redact` wrote into the file: shown, never trusted."""
    out.prose(
        "recorded before redaction (written in the capture file, not verifiable here): "
        f"signature {record.get('status')}",
        style="magenta",
    )
    for f in record.get("findings") or []:
        out.prose(f"{f.get('code')} {f.get('name')}: {f.get('message')}", indent=2, style="dim")


def lines(report: Report, width: int, *, show_all: bool = False) -> Lines:
    out = Lines(width)
    n = report.capture.ordinal
    rule = f"── samlscope · {f'login {n} · ' if n else ''}{visible(report.capture.source)} "
    out.add(Text(rule + "─" * max(3, out.width - len(rule)), style="dim"))
    out.add(_verdict(report))
    out.add()
    _posted(report, out)
    assertion = report.message.response.consumed if report.message else None
    if report.verification is not None:
        out.add()
        _signature(report.verification, out)
    if report.recorded_signature is not None:
        out.add()
        _recorded(report.recorded_signature, out)
    for note in report.notes:
        out.prose(f"note: {note}", style="yellow")
    if assertion is not None:
        out.add()
        _claims(assertion, out, show_all, report.profile.roles)
        out.add()
        _timeline(report, assertion, out)
    if report.outcome is not None:
        out.add()
        _outcome(report, out)
    if report.findings:
        out.add()
        _findings(report.findings, out)
    out.add()
    out.add(_verdict(report))  # again, as the last line: it never scrolls away
    return out


def render(report: Report, console: Console, *, show_all: bool = False) -> None:
    """Print one report."""
    lines(report, console.width, show_all=show_all).print(console)


def styled(out: TextIO, color: bool | None) -> bool:
    """Whether output to `out` gets colour: forced, or a terminal without NO_COLOR (rich's
    own rules, FORCE_COLOR included, decide when it is imported)."""
    import os

    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def plain_width() -> int:
    import os

    try:
        return max(40, int(os.environ.get("COLUMNS", "80")))
    except ValueError:
        return 80


def render_compact(report: Report, console: Console) -> None:
    """A few lines for a login with nothing to report (mitmdump, unless saml_verbose)."""
    compact_lines(report, console.width).print(console)


def compact_lines(report: Report, width: int) -> Lines:
    out = Lines(width)
    out.add(_verdict(report))
    out.add(text(f"  {report.capture.source}", "dim"))
    v = report.verification
    if v is not None:
        signer = v.primary.signer if v.primary else None
        line = text(f"  signature {v.status.value}", STATUS_STYLE[v.status])
        if signer is not None:
            line.append_text(text(f" · signer {signer.sha1} · {signer.subject}"))
        out.add(line)
    assertion = report.message.response.consumed if report.message else None
    for attr in assertion.attributes if assertion else ():
        if attr.name.lower().endswith(ROLE_SUFFIX):
            for value in attr.values:
                role, provider, _ = role_parts(value)
                out.add(text(f"  role {role} via {provider}"))
    return out
