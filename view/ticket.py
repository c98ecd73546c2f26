"""Plain-text views for tickets: `--format ticket` (one block per login), `--format brief` (one
line per login), and the summary that ends a run over many logins, with its causes grouped.

Ticket text has no box drawing and no colour, lines of at most 72 characters that never break
inside a token (a longer token stands alone on its line), and no trailing spaces. Identities
(NameID, UPN, e-mail, display name, object ID) are masked unless --show-identities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from samlscope.decoder.message.names import GUID, IDENTITY_CLAIM
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.record import Record
from samlscope.report import Report
from samlscope.rules.engine import Severity
from samlscope.view.sanitize import visible, wrap_words

WIDTH = 72


def _mask_one(value: str) -> str:
    """`alice@contoso.example` → `a***e@contoso.example`; a name → `A***`; a GUID → its
    first block. Enough to tell users apart in a ticket, not to identify them."""
    if GUID.match(value):
        return value[:8] + "-…"
    local, at, domain = value.partition("@")
    if at:
        shown = local[:1] + "***" + (local[-1:] if len(local) > 2 else "")
        return f"{shown}@{domain}"
    return value[:1] + "***"


class Masker:
    """Replaces a login's identities in any text rendered from its report."""

    def __init__(self, report: Report, enabled: bool = True) -> None:
        self.values: dict[str, str] = {}
        a = report.message.response.consumed if report.message else None
        if enabled and a is not None:
            if a.name_id is not None and a.name_id.value.strip():
                self.values[a.name_id.value.strip()] = ""
            for attr in a.attributes:
                if IDENTITY_CLAIM.search(attr.name):
                    for v in attr.values:
                        if len(v.strip()) >= 3:
                            self.values[v.strip()] = ""
        idp_user = report.capture.idp_error.user if report.capture.idp_error else None
        if enabled and idp_user:
            self.values[idp_user] = ""
        for value in self.values:
            self.values[value] = _mask_one(value)
        alternatives = sorted(self.values, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.values[m.group()], text)

    def user(self, report: Report) -> str:
        a = report.message.response.consumed if report.message else None
        if a is None and report.capture.idp_error and report.capture.idp_error.user:
            return self(report.capture.idp_error.user)
        if a is None or a.name_id is None:
            return "(unknown user)"
        return self(a.name_id.value)


def wrap(text: str, indent: int = 0, first: str = "") -> list[str]:
    """Lines of at most WIDTH characters, broken only at spaces."""
    return [
        line.rstrip()
        for line in wrap_words(visible(text), WIDTH, " " * indent + first, " " * (indent + 2))
    ] or [(" " * indent + first).rstrip()]


def _paste_value(evidence: object) -> str | None:
    """The exact value a fix asks to paste, when a rule recorded one."""
    if isinstance(evidence, dict):
        expected = evidence.get("expected")
        if isinstance(expected, str) and expected:
            return expected
    return None


def ticket(report: Report, *, show_identities: bool = False) -> list[str]:
    """One login for a ticket: verdict, root causes and fixes, the values to paste, the
    evaluation time and its source, the signer's thumbprints as Entra shows them."""
    mask = Masker(report, enabled=not show_identities)
    out = wrap(f"samlscope: {report.verdict}")
    out += wrap(f"Login: {report.login_kind}")
    out += wrap(f"Capture: {report.label}")
    out += wrap(f"Judged at: {iso(report.evaluated_at)} ({report.time_source})")
    for note in report.notes:
        out += wrap(f"Note: {note}")
    error = report.capture.idp_error
    if report.stopped_at == "idp" and error is not None:
        where = f" ({error.url})" if error.url else ""
        out += wrap(f"Stopped at: {error.idp}, before any assertion was issued{where}")
        ids = [f"{label}: {value}" for label, value in error.troubleshooting()]
        if ids:
            out += wrap(", ".join(ids))
        if error.user:
            out += wrap(f"User: {mask.user(report)}")
    elif report.endpoint:
        out += wrap(f"Posted to: {report.endpoint} (profile {report.profile.name})")
    if report.message is not None:
        out += wrap(f"User: {mask.user(report)}")
    v = report.verification
    if v is not None:
        out += wrap(f"Signature: {v.status.value} ({v.summary})")
        signer = v.primary.signer if v.primary else None
        if signer is None and v.primary and v.primary.info.certificates:
            signer = v.primary.info.certificates[0]
        if signer is not None:
            out += wrap(f"Signer thumbprint (as Entra shows it): {signer.sha1}")
            out += wrap(f"Signer SHA-256: {signer.sha256}")
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    for f in problems[:6]:
        out.append("")
        out += wrap(f"{f.severity.value.upper()} {f.code} {f.name}: {mask(f.message)}")
        out += wrap(mask(f.fix), indent=2, first="Fix: ")
        paste = _paste_value(f.evidence)
        if paste:
            out += wrap("Value to paste:", indent=2)
            out.append("    " + visible(mask(paste)))
    if len(problems) > 6:
        out += ["", *wrap(f"... {len(problems) - 6} more findings: samlscope inspect shows them")]
    return out


def _codes(report: Report, keep: Callable[[Severity], bool]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.code for f in report.findings if keep(f.severity)))


def brief(report: Report) -> str:
    """One line: source, time, verdict, codes."""
    codes = ",".join(
        dict.fromkeys(f.code for f in report.findings if f.severity is not Severity.INFO)
    )
    return visible(
        f"{report.capture.source}  {iso(report.evaluated_at)}  {report.verdict}"
        + (f"  [{codes}]" if codes else "")
    )


class Row(Record):
    """What the summary keeps of one login (small: reports are not kept)."""

    source: str
    at: str
    user: str
    verdict: str
    failed: bool
    errors: tuple[str, ...]
    codes: tuple[str, ...]
    site_hint: str | None
    stale_seconds: float | None
    ordinal: int = 0
    """The login's number in its input file (0: not counted)."""

    @classmethod
    def of(cls, report: Report, show_identities: bool = False) -> Row:
        site_hint = next(
            (
                str(f.evidence["set_up_for_site"])
                for f in report.findings
                if f.code == "SAML013" and "set_up_for_site" in f.evidence
            ),
            None,
        )
        stale = None
        issued = report.message.response.issue_instant if report.message else None
        if issued is not None and issued.value is not None and report.time_source.startswith("now"):
            stale = (report.evaluated_at - issued.value).total_seconds()
        return cls(
            report.source_name,
            iso(report.evaluated_at) or "",
            Masker(report, enabled=not show_identities).user(report),
            report.verdict,
            report.failed,
            tuple(dict.fromkeys(f.code for f in report.findings if f.severity is Severity.ERROR)),
            tuple(
                dict.fromkeys(f.code for f in report.findings if f.severity is not Severity.INFO)
            ),
            site_hint,
            stale,
            report.capture.ordinal,
        )


def causes(rows: Sequence[Row]) -> list[str]:
    """Root causes across logins: each counted once, with the logins it explains."""
    out: list[str] = []
    explained: set[tuple[int, str]] = set()
    site = [i for i, r in enumerate(rows, 1) if r.site_hint]
    if site:
        where = rows[site[0] - 1].site_hint
        out.append(
            f"The Entra app is set up for the {where} site while the logins go to the other one "
            f"(SAML011/SAML012/SAML013): {_which(site)}. Set Identifier and Reply URL for the "
            "site the users sign in to."
        )
        explained |= {(i, c) for i in site for c in ("SAML011", "SAML012", "SAML013")}
    stale = [i for i, r in enumerate(rows, 1) if r.stale_seconds and r.stale_seconds > 3600]
    if stale:
        age = max(rows[i - 1].stale_seconds or 0 for i in stale)
        out.append(
            f"Stale captures judged long after issue (up to {describe_delta(age)}): "
            f"{_which(stale)}. Pass --at with the time of the failed login."
        )
        explained |= {(i, c) for i in stale for c in ("TIME201", "TIME203")}
    by_code: dict[str, list[int]] = {}
    for i, r in enumerate(rows, 1):
        for code in r.errors:
            if (i, code) not in explained:
                by_code.setdefault(code, []).append(i)
    for code, logins in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
        out.append(f"{code}: {_which(logins)}.")
    return out


def _which(indexes: Iterable[int]) -> str:
    items = list(indexes)
    shown = ", ".join(f"#{i}" for i in items[:12])
    more = f" and {len(items) - 12} more" if len(items) > 12 else ""
    return f"{len(items)} login{'s' * (len(items) != 1)} ({shown}{more})"


def summary(rows: Sequence[Row]) -> list[str]:
    """The table that ends a run over several logins, then the grouped causes."""
    failed = sum(1 for r in rows if r.failed)
    out = [f"{len(rows)} logins, {failed} failing", ""]
    for i, r in enumerate(rows, 1):
        codes = ",".join(r.codes) or "-"
        number = r.ordinal or i
        out.append(visible(f"#{number}  {r.at}  {r.user}  {'FAIL' if r.failed else 'ok'}  {codes}"))
        out.append("    " + visible(r.source))
    found = causes(rows)
    if found:
        out += ["", "Root causes:"]
        for cause in found:
            out += wrap(cause, indent=2, first="- ")
    return out
