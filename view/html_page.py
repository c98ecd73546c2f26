"""The one-page HTML report: `inspect --html FILE`, and the page hold mode answers with.

One template for both. Order: the verdict and the findings with their fixes first (above the
fold at 1280×720), then the roles, the validity timeline, the signature with its thumbprints,
and the claims. Standalone and safe under a strict CSP: no script, no external asset, the one
inline style allowed by its hash only. Every value is escaped and every invisible character
shown; identities are masked unless asked for; the raw SAMLResponse and the SignatureValue are
never in it. Readable at 390 px: long tokens wrap visually, nothing scrolls sideways.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from html import escape

from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.facts.roles import role_parts
from samlscope.output import Writer
from samlscope.record import Record
from samlscope.report import Report
from samlscope.rules.engine import Severity
from samlscope.view.sanitize import visible
from samlscope.view.ticket import Masker, Row, summary

_STYLE = (
    "*{box-sizing:border-box}"
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:64em;padding:12px;"
    "color:#1d1d1f;overflow-wrap:anywhere}"
    "h1{font-size:1.25em;margin:.2em 0}h2{font-size:1.05em;margin:1.2em 0 .3em}"
    ".error{color:#b00020}.warning{color:#8a5a00}.info{color:#0b5394}.ok{color:#1b7f3b}"
    ".verdict{font-size:1.15em;font-weight:600;margin:.3em 0}"
    "ul.findings{padding-left:1.1em;margin:.3em 0}ul.findings li{margin:.4em 0}"
    ".fix{color:#333}.paste{display:block;background:#f3f3f3;padding:.2em .4em;margin:.2em 0}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.3em 0}"
    "td,th{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}"
    "th{width:32%}code{font:12.5px ui-monospace,monospace;word-break:break-all}"
    "pre{white-space:pre-wrap;word-break:break-all;margin:0}"
    ".meta{color:#555;font-size:.9em}section{border-top:2px solid #ddd;margin-top:1em}"
    "form.release{margin:1em 0}form.release button{font-size:1em;padding:.4em .9em}"
    "body{display:flex;flex-direction:column}h1{order:-2}section.summary{order:-1}"
    "@media (max-width:480px){th{width:38%}body{font-size:14px}}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
CSP = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def e(value: object) -> str:
    return escape(visible(value), quote=True)


def _rows(rows: Sequence[tuple[str, object]]) -> str:
    return "".join(f"<tr><th>{e(k)}</th><td><code>{e(v)}</code></td></tr>" for k, v in rows)


def _findings(report: Report, mask: Callable[[str], str]) -> str:
    if not report.findings:
        return '<p class="ok">No finding.</p>'
    items = []
    for f in sorted(report.findings, key=lambda f: (f.severity.rank, f.code)):
        paste = f.evidence.get("expected") if isinstance(f.evidence, dict) else None
        items.append(
            f'<li class="{f.severity.value}"><strong>{e(f.severity.value.upper())} {e(f.code)} '
            f"{e(f.name)}</strong>: {e(mask(f.message))}<br>"
            f'<span class="fix"><em>Fix:</em> {e(mask(f.fix))}</span>'
            + (
                f'<code class="paste">{e(mask(paste))}</code>'
                if isinstance(paste, str) and paste
                else ""
            )
            + "</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


def _roles(report: Report) -> str:
    a = report.message.response.consumed if report.message else None
    roles = next((x for x in a.attributes if x.name.lower().endswith("/role")), None) if a else None
    if roles is None:
        return ""
    rows: list[tuple[str, object]] = []
    for i, value in enumerate(roles.values, 1):
        role, provider, problem = role_parts(value)
        roles_facts = report.profile.roles
        label = roles_facts.role_arn_name.removesuffix(" ARN") if roles_facts else "role"
        rows.append((f"{i} {label}", role))
        if provider:
            rows.append((f"{i} IdP (SAML provider)", provider))
        if problem:
            rows.append((f"{i} problem", problem))
    return f"<h2>Roles</h2><table>{_rows(rows)}</table>"


def _timeline(report: Report) -> str:
    a = report.message.response.consumed if report.message else None
    if a is None:
        return ""
    at = report.evaluated_at
    points = [("Assertion IssueInstant", a.issue_instant)]
    if a.conditions is not None:
        points += [
            ("Conditions NotBefore", a.conditions.not_before),
            ("Conditions NotOnOrAfter", a.conditions.not_on_or_after),
        ]
    points += [("SubjectConfirmation NotOnOrAfter", c.not_on_or_after) for c in a.confirmations]
    rows: list[tuple[str, object]] = [("evaluated at", f"{iso(at)} ({report.time_source})")]
    for label, instant in points:
        if instant is None:
            continue
        if instant.value is None:
            rows.append((label, f"{instant.raw} (unparseable)"))
            continue
        delta = (instant.value - at).total_seconds()
        sign = "+" if delta >= 0 else "−"
        rows.append((label, f"{iso(instant.value)} ({sign}{describe_delta(delta)})"))
    return f"<h2>Validity</h2><table>{_rows(rows)}</table>"


def _signature(report: Report) -> str:
    v = report.verification
    if v is None:
        return ""
    rows: list[tuple[str, object]] = [("verdict", f"{v.status.value}: {v.summary}")]
    for check in v.checks[:10]:
        rows.append(
            (
                check.info.path,
                f"{check.outcome.value}: {check.reason} ({alg.short(check.info.signature_method)})",
            )
        )
    signer = v.primary.signer if v.primary else None
    if signer is not None:
        rows += [
            ("signer thumbprint (as Entra shows it)", signer.sha1),
            ("signer SHA-256", signer.sha256),
            ("signer", f"{signer.subject}, valid to {iso(signer.not_after)}"),
        ]
    if v.trust is not None:
        for anchor in v.trust.anchors:
            if anchor.cert is not None:
                rows.append((f"trusted ({v.trust.kind})", f"SHA-256 {anchor.cert.sha256}"))
    return f"<h2>Signature</h2><table>{_rows(rows)}</table>"


def _claims(report: Report, mask: Callable[[str], str]) -> str:
    a = report.message.response.consumed if report.message else None
    if a is None:
        return ""
    rows: list[tuple[str, object]] = []
    if a.name_id is not None:
        rows.append(("NameID", mask(a.name_id.value)))
    for attr in a.attributes[:40]:
        for value in attr.values[:20]:
            rows.append((attr.name, mask(value)))
    return f"<h2>Claims</h2><table>{_rows(rows)}</table>"


def section(report: Report, *, show_identities: bool = False, held: bool = False) -> str:
    mask = Masker(report, enabled=not show_identities)
    verdict_class = "error" if report.failed or report.message is None else "ok"
    error = report.capture.idp_error
    where: list[tuple[str, object]] = [("posted to", report.endpoint or "(unknown)")]
    if report.stopped_at == "idp" and error is not None:
        where = [
            ("stopped at", f"{error.idp}, before any assertion was issued"),
            ("IdP page", error.url),
            ("error", error.code or ""),
            ("message", mask(error.message or "")),
            *error.troubleshooting(),
        ]
    overview: list[tuple[str, object]] = [
        ("login", report.login_kind),
        ("capture", report.label),
        *where,
        ("profile", report.profile.name),
        ("evaluated at", f"{iso(report.evaluated_at)} ({report.time_source})"),
    ]
    if report.message is not None or (error is not None and error.user):
        overview.append(("user", mask.user(report)))
    parts = [
        f'<p class="verdict {verdict_class}">{e(report.verdict)}</p>',
        f'<p class="meta">{e(report.login_kind)}</p>',
        "".join(f'<p class="meta">Note: {e(note)}</p>' for note in report.notes),
        '<p class="meta">The SAMLResponse was <strong>not</strong> forwarded, so the '
        "assertion was not consumed.</p>"
        if held
        else "",
        f'<div id="findings"><h2>Findings</h2>{_findings(report, mask)}</div>',
        _roles(report),
        _timeline(report),
        _signature(report),
        _claims(report, mask),
        f"<h2>Capture</h2><table>{_rows(overview)}</table>",
    ]
    if report.outcome is not None:
        o = report.outcome
        parts.append(
            "<h2>The SP answered</h2><table>"
            + _rows(
                [
                    ("status", o.status),
                    ("redirect", o.redirect or ""),
                    ("page says", o.error_text or ""),
                ]
            )
            + "</table>"
        )
    n = report.capture.ordinal
    heading = f"<h2>{e(report.label)}: {e(report.verdict)}</h2>" if n else ""
    anchor = f' id="login-{n}"' if n else ""
    return f"<section{anchor}>" + heading + "".join(parts) + "</section>"


def page(
    sections: Sequence[str], title: str, heading: str, tail: str = "", policy: str = CSP
) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=True)}">'
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{e(heading)}</h1>{''.join(sections)}{tail}</body></html>"
    )


class Release(Record):
    """What the hold page's "Continue" button posts: the original fields plus a one-time
    token the addon recognises (the page is the only place that token exists)."""

    url: str
    fields: tuple[tuple[str, str], ...]
    token: str

    @property
    def origin(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


RELEASE_FIELD = "samlscope_release"


def csp(release: Release | None = None) -> str:
    """The page's policy: nothing loads; only the release form may post, to its own origin."""
    if release is None:
        return CSP
    return CSP.replace("form-action 'none'", f"form-action {release.origin}")


def _continue(release: Release) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{escape(k, quote=True)}" value="{escape(v, quote=True)}">'
        for k, v in (*release.fields, (RELEASE_FIELD, release.token))
    )
    return (
        f'<form method="POST" action="{escape(release.url, quote=True)}" class="release">'
        f'{hidden}<button type="submit">Continue to the service provider</button>'
        '<p class="meta">Posts the original SAMLResponse once, while it is still valid; '
        "the proxy lets this one POST through and adds the service provider's answer to the "
        "report.</p></form>"
    )


def render_html(
    report: Report,
    *,
    held: bool = True,
    show_identities: bool = False,
    release: Release | None = None,
) -> str:
    """One report as a page (the hold page: held=True, with the release form when given)."""
    errors = report.count(Severity.ERROR)
    heading = "samlscope: SAML login held at the proxy" if held else "samlscope report"
    return page(
        [section(report, show_identities=show_identities, held=held)],
        f"samlscope: {errors} error{'s' * (errors != 1)}",
        heading,
        tail=_continue(release) if release is not None else "",
        policy=csp(release),
    )


def _summary_section(rows: Sequence[Row]) -> str:
    """The summary shown first: a jump list to every login (failing ones first), then the
    summary's table and its grouped root causes."""
    ordered = sorted(enumerate(rows, 1), key=lambda item: not item[1].failed)
    links = "".join(
        f'<li class="{"error" if r.failed else "ok"}"><a href="#login-{r.ordinal or i}">'
        f"{e(r.source)}</a>: {e(r.verdict)}</li>"
        for i, r in ordered
    )
    lines = "".join(f"{e(line)}\n" for line in summary(rows))
    return (
        '<section class="summary"><h2>Summary</h2>'
        f"<ul>{links}</ul><pre><code>{lines}</code></pre></section>"
    )


class HtmlWriter(Writer):
    """`inspect --html FILE`: sections written as reports come, to a 0600 temporary file beside
    FILE that is renamed into place when the run ends (nothing is left on failure)."""

    def __init__(self, path: str, *, show_identities: bool = False) -> None:
        self.path = path
        self.show_identities = show_identities
        folder = os.path.dirname(os.path.abspath(path))
        try:
            fd, self.temporary = tempfile.mkstemp(prefix=".samlscope-html-", dir=folder)
        except OSError as e:
            from samlscope.decoder.errors import InputError

            raise InputError(f"--html: cannot write in {folder}: {e.strerror or e}") from None
        os.fchmod(fd, 0o600)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        self.count = 0
        self.errors = 0
        self.later = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in close and abort)
        """The logins that did not fail, written after the failing ones."""

    def add(self, report: Report) -> None:
        """Failing logins are written as they come; the others wait, so that the page lists
        the failing ones first (the summary, with links to each login, comes before both)."""
        if not self.count:
            self.fh.write(
                page([], "samlscope report", "samlscope report").removesuffix("</body></html>")
            )
        self.count += 1
        self.errors += report.count(Severity.ERROR)
        block = section(report, show_identities=self.show_identities)
        if report.failed or report.message is None:
            self.fh.write(block)
        else:
            self.later.write(block)

    def abort(self) -> None:
        self.fh.close()
        self.later.close()
        if os.path.exists(self.temporary):
            os.unlink(self.temporary)

    def close(self, rows: list[Row]) -> None:
        try:
            if not self.count:
                return
            self.later.seek(0)
            for chunk in iter(lambda: self.later.read(1 << 16), ""):
                self.fh.write(chunk)
            if len(rows) > 1:
                self.fh.write(_summary_section(rows))
            self.fh.write("</body></html>")
            self.fh.close()
            os.replace(self.temporary, self.path)
        finally:
            if not self.fh.closed:
                self.fh.close()
            self.later.close()
            if os.path.exists(self.temporary):
                os.unlink(self.temporary)
