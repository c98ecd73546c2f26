"""The result of analysing one capture, shared by every view (terminal, JSON, HTML, addon)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.model import SamlMessage
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.signature.verify import SignatureStatus, Verification
from samlscope.decoder.timeutil import describe_delta
from samlscope.facts import Profile
from samlscope.outcome import Outcome
from samlscope.record import Record
from samlscope.rules.engine import Finding, Severity


class Report(Record):
    capture: Capture
    evaluated_at: datetime
    time_source: str
    """Where evaluated_at came from: `--at`, the capture's own time, or `now`."""
    profile: Profile
    endpoint: str | None
    relay_state: str | None
    message: SamlMessage | None
    verification: Verification | None
    findings: tuple[Finding, ...]
    problem: DecodeError | None = None
    outcome: Outcome | None = None
    """What the SP answered, when the capture has its response."""
    recorded_signature: Mapping[str, Any] | None = None
    """For a redacted capture: the signature verdict `samlscope redact` recorded before it
    removed the signature values. Unauthenticated (anyone can edit a file): shown as a note,
    never used for the verdict."""
    notes: tuple[str, ...] = ()
    """What the analysis wants the reader to know that is not a finding."""
    endpoint_kind: str | None = None
    """`role` or `user`: the SSO endpoint it was judged at (the URL posted to, or for a pasted
    response a user-SSO Destination/Recipient), as the rules saw it."""

    @property
    def stale(self) -> bool:
        """The time is unknown (the input records none and no --at was given) and nothing else
        blocks the login: the time rules were not applied, and --at judges the original login
        at its own time (a note says which window to compare it with)."""
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        return self.message is not None and self.time_source.startswith("now") and not errors

    def _stale_verdict(self, tail: str) -> str:
        issued = self.message.response.issue_instant if self.message else None
        age = ""
        if issued is not None and issued.value is not None:
            seconds = (self.evaluated_at - issued.value).total_seconds()
            if seconds > 0:
                age = f" (issued {describe_delta(seconds)} ago)"
        return (
            f"time unknown{age}: pass --at to judge the original login; no other blocking "
            f"error found{tail}"
        )

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def login_kind(self) -> str:
        """Which kind of login this is, in words (a line at the top of every view)."""
        if self.stopped_at == "idp":
            return "a sign-in that stopped at the IdP"
        kind = {"role": "role-based SSO", "user": "user-based SSO"}.get(self.endpoint_kind or "")
        title = self.profile.title
        if not title:
            return "SAML login (generic service provider)"
        if kind is None and self.profile.roles is not None:
            kind = "role-based SSO"  # posted nowhere known: a cloud with roles signs in to one
        return f"{title} {kind}" if kind else title

    @property
    def label(self) -> str:
        """`login 2 (capture.har#entry4)`: its number among the input's logins, and where."""
        n = self.capture.ordinal
        return f"login {n} ({self.source_name})" if n else self.source_name

    @property
    def source_name(self) -> str:
        """The capture named by its file name only (shareable outputs never show the
        engineer's local folders), with its place in the file (`capture.har#entry4`)."""
        import os

        path, mark, place = self.capture.source.partition("#")
        return os.path.basename(path) + mark + place if path != "-" else self.capture.source

    @property
    def stopped_at(self) -> str:
        """Where the login stopped: `idp` (its error page, no assertion issued), else `sp`."""
        return "idp" if self.capture.idp_error is not None and self.message is None else "sp"

    @property
    def failed(self) -> bool:
        return self.count(Severity.ERROR) > 0

    @property
    def verdict(self) -> str:
        """One line a ticket can quote."""
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        idp_error = self.capture.idp_error
        if self.message is None and idp_error is not None and self.problem is None:
            cause = next((f for f in self.findings if f.code == "IDP501"), None)
            name = cause.evidence.get("name") if cause is not None else None
            code = idp_error.code or ""
            ours = code.islower() and "_" not in code  # samlscope's key, not the IdP's code
            what = (name if ours else f"{code} {name}") if name else (code or "an error page")
            return f"login failed at {idp_error.idp}: {what}; no assertion was issued"
        if self.message is None:
            return (
                f"cannot analyse: {self.findings[0].code} {self.findings[0].name}"
                if self.findings
                else "cannot analyse"
            )
        tail = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        response = self.message.response
        if response.consumed is None and response.encrypted_assertions:
            if self.message.decryption_problems:
                return (
                    f"login will fail: the assertion cannot be decrypted with the key given "
                    f"({errors} error{'s' * (errors != 1)}{tail})"
                )
            return (
                "not judged: the assertion is encrypted and could not be read; "
                "give the SP private key with --sp-key"
            )
        unverified = (
            self.verification is not None and self.verification.status is SignatureStatus.REDACTED
        )
        if unverified:
            head = "signature could not be verified (its values were removed by redaction)"
            if errors:
                return f"login will fail: {errors} error{'s' * (errors != 1)}{tail}; {head}"
            return f"{head}; no other blocking error found{tail}"
        if self.stale:
            return self._stale_verdict(tail)
        if errors:
            return f"login will fail: {errors} error{'s' * (errors != 1)}{tail}"
        if warnings:
            return f"no blocking error found{tail}"
        return "no problem found: this response should log in"
