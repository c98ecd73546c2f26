"""`samlscope diff A B`: what differs, that matters, between two logins.

"It worked yesterday" and "it works for Alice but not for Bob": both logins go through the one
`analyse()`, and the comparison reads their Reports. Compared: Role values, RoleSessionName,
NameID and its format, audiences, Destination and Recipient, issuers, the signer certificate,
signature placement and algorithms, validity windows relative to each capture's time,
SessionDuration, RelayState, and the findings one has and the other lacks. Never compared:
what always differs (IDs, instants, signature values).
"""

from __future__ import annotations

from typing import Any

from samlscope.decoder.errors import InputError
from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.trust import TrustStore
from samlscope.decoder.timeutil import describe_delta
from samlscope.facts import ROLE_FACTS
from samlscope.record import Record
from samlscope.report import Report
from samlscope.rules.context import Config
from samlscope.rules.engine import Finding, Severity
from samlscope.rules.role_pair import attribute
from samlscope.rules.time._window import lower_bounds, upper_bounds


class Difference(Record):
    field: str
    a: str
    b: str


class DiffReport(Record):
    a: Report
    b: Report
    differences: tuple[Difference, ...]
    only_a: tuple[Finding, ...]
    only_b: tuple[Finding, ...]

    @property
    def regressed(self) -> bool:
        """B has an error finding that A lacks (exit code 1)."""
        return any(f.severity is Severity.ERROR for f in self.only_b)


def pick(spec: str, config: Config, trust: TrustStore | None) -> Report:
    """`FILE` (its first SAML POST) or `FILE#N` (the Nth, counting from 1)."""
    from samlscope.analysis import analyse
    from samlscope.decoder.readers.inputs import read_captures

    path, sep, number = spec.rpartition("#")
    if not sep or not number.isdigit():
        path, index = spec, 1
    else:
        index = int(number)
        if index < 1:
            raise InputError(f"{spec}: SAML POSTs are counted from 1")
    for n, capture in enumerate(read_captures(path, []), 1):
        if n == index:
            return analyse(capture, config, trust)
    raise InputError(f"{spec}: the input holds fewer than {index} SAML POST(s)")


def _join(values: Any) -> str:
    return "\n".join(str(v) for v in values) if values else "(none)"


def _window(report: Report) -> str:
    """The validity window's length, and where the login was posted relative to it."""
    a = report.message.response.consumed if report.message else None
    if a is None:
        return "(no assertion)"
    # The effective window: the latest NotBefore and the earliest NotOnOrAfter the time rules
    # judge (Conditions, bearer SubjectConfirmationData, SessionNotOnOrAfter).
    starts = [b.instant.value for b in lower_bounds(a) if b.instant.value is not None]
    ends = [b.instant.value for b in upper_bounds(a) if b.instant.value is not None]
    issued = a.issue_instant.value if a.issue_instant else None
    nb = max(starts) if starts else issued
    noa = min(ends) if ends else None
    if nb is None or noa is None:
        return "(no complete validity window)"
    at = report.evaluated_at
    length = f"valid {describe_delta((noa - nb).total_seconds())}"
    if at < nb:
        return f"{length}; posted {describe_delta((nb - at).total_seconds())} before NotBefore"
    if at >= noa:
        return f"{length}; posted {describe_delta((at - noa).total_seconds())} after NotOnOrAfter"
    return f"{length}; posted inside it"


def facts(report: Report) -> dict[str, str]:
    """The fields compared, as text ("(none)" when absent)."""
    out: dict[str, str] = {}
    m = report.message
    r = m.response if m else None
    a = r.consumed if r else None

    roles = report.profile.roles

    def attr(local: str) -> str:
        """A claim under the login's own cloud's names (any cloud's, when it has none)."""
        found = None
        for facts in (roles,) if roles is not None else ROLE_FACTS:
            found = attribute(a, local, facts) if a else None
            if found is not None:
                break
        return _join(found.values) if found else "(none)"

    out["Role values"] = attr("Role")
    out["RoleSessionName"] = attr("RoleSessionName")
    out["SessionDuration"] = attr("SessionDuration")
    out["NameID"] = a.name_id.value if a and a.name_id else "(none)"
    out["NameID format"] = (a.name_id.format or "(none)") if a and a.name_id else "(none)"
    out["audiences"] = _join(a.conditions.audiences if a and a.conditions else ())
    out["Destination"] = (r.destination or "(none)") if r else "(none)"
    out["Recipient"] = _join(sorted({c.recipient or "" for c in a.confirmations}) if a else ())
    out["Response Issuer"] = (r.issuer or "(none)") if r else "(none)"
    out["Assertion Issuer"] = (a.issuer or "(none)") if a else "(none)"
    out["validity"] = _window(report)
    out["RelayState"] = report.relay_state or "(none)"
    out["posted to"] = report.endpoint or "(unknown)"
    v = report.verification
    if v is not None:
        primary = v.primary
        cert = (
            (
                primary.signer
                or (primary.info.certificates[0] if primary.info.certificates else None)
            )
            if primary
            else None
        )
        out["signer certificate"] = (
            f"thumbprint {cert.sha1}\nSHA-256 {cert.sha256}" if cert else "(none)"
        )
        placed = sorted({c.info.placement for c in v.checks if c.info.placement != "other"})
        out["signed"] = " and ".join(placed) or "(nothing)"
        out["algorithms"] = _join(
            sorted(
                {
                    f"{alg.short(c.info.signature_method)} / "
                    f"{', '.join(map(alg.short, c.info.digest_methods))}"
                    for c in v.checks
                    if c.info.placement != "other"
                }
            )
        )
        out["signature verdict"] = v.status.value
    return out


def diff(a: Report, b: Report) -> DiffReport:
    fa, fb = facts(a), facts(b)
    differences = tuple(
        Difference(name, fa.get(name, "(none)"), fb.get(name, "(none)"))
        for name in dict.fromkeys([*fa, *fb])
        if fa.get(name) != fb.get(name)
    )
    codes_a = {(f.code, f.severity) for f in a.findings}
    codes_b = {(f.code, f.severity) for f in b.findings}
    only_a = tuple(f for f in a.findings if (f.code, f.severity) not in codes_b)
    only_b = tuple(f for f in b.findings if (f.code, f.severity) not in codes_a)
    return DiffReport(a, b, differences, only_a, only_b)
