"""The one pipeline every front end calls: analyse(capture, config) -> Report."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.decode import decode_capture
from samlscope.decoder.message.model import SamlMessage
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.signature.trust import TrustStore
from samlscope.decoder.signature.verify import SignatureStatus, Verification, verify
from samlscope.facts import choose_profile, endpoint_kind
from samlscope.facts import endpoint as endpoint_of
from samlscope.outcome import outcome_of
from samlscope.report import Report
from samlscope.rules.context import Config, Context
from samlscope.rules.engine import run_rules
from samlscope.rules.registry import login_rules
from samlscope.urlparts import host_of, routed_host


def evaluation_time(capture: Capture, config: Config, now: datetime | None) -> tuple[datetime, str]:
    """--at wins, then the capture's own time; "now" only when the input has no time."""
    if config.at is not None:
        return config.at, "--at"
    if capture.captured_at is not None:
        return capture.captured_at, capture.captured_at_source or "capture time"
    return (now or datetime.now(UTC)), "now (the input records no capture time)"


def _recorded_note(
    record: Mapping[str, Any], verification: Verification
) -> tuple[dict[str, Any] | None, str | None]:
    """What a verdict recorded in the capture file (by `samlscope redact`) may contribute.

    Nothing in an input file can set the verdict: the record is an unauthenticated note. It is
    shown only when the signature values are gone (status `redacted`); when the signature is
    still there it was verified here, and a disagreeing record is said to be ignored.
    """
    status = str(record.get("status", ""))[:40]
    if verification.status is SignatureStatus.REDACTED:
        findings = record.get("findings")
        kept = [
            {
                key: str(f.get(key, ""))[:2000]
                for key in ("code", "name", "severity", "message", "fix")
            }
            for f in (findings if isinstance(findings, list) else [])[:50]
            if isinstance(f, Mapping)
        ]
        shown = {
            "status": status,
            "summary": str(record.get("summary", ""))[:2000],
            "findings": kept,
            "authenticated": False,
        }
        return shown, None
    if status and status != verification.status.value:
        return None, (
            f"the capture file carries a signature verdict {status!r} recorded before redaction; "
            f"it was ignored: the signature was verified here ({verification.status.value})"
        )
    return None, None


def _time_unknown(message: SamlMessage) -> str:
    """The note that replaces the time rules when the input records no time of its own."""
    from samlscope.decoder.timeutil import iso
    from samlscope.rules.time._window import lower_bounds, upper_bounds

    window = ""
    assertion = message.response.consumed
    if assertion is not None:
        starts = [b.instant.value for b in lower_bounds(assertion) if b.instant.value]
        ends = [b.instant.value for b in upper_bounds(assertion) if b.instant.value]
        if starts or ends:
            window = (
                f" (the response was valid from {iso(max(starts)) if starts else '?'} to "
                f"{iso(min(ends)) if ends else '?'})"
            )
    return (
        "time unknown: the input records no capture time, so NotBefore and NotOnOrAfter were "
        f"not judged{window}; pass --at with the time of the failed login to judge them"
    )


def analyse(
    capture: Capture,
    config: Config,
    trust: TrustStore | None = None,
    *,
    sp_key: bytes | None = None,
    now: datetime | None = None,
) -> Report:
    evaluated_at, time_source = evaluation_time(capture, config, now)
    endpoint = capture.endpoint or config.endpoint
    relay_state = capture.relay_state if capture.relay_state is not None else config.relay_state
    problem = message = verification = None
    at_idp = capture.idp_error is not None and capture.value is None and capture.xml is None
    if not at_idp:  # else the login stopped at the IdP: there is no SAML message (IDP501)
        try:
            parsed = decode_capture(capture, sp_key)
        except DecodeError as e:
            problem = e
        else:
            message = parsed.message
            verification = verify(
                parsed.root,
                message.response,
                trust,
                parsed.original,
                key_given=sp_key is not None,
                standalone=parsed.standalone,
            )
    recipients: tuple[str | None, ...] = ()
    audiences: tuple[str, ...] = ()
    destination = None
    if message is not None:
        destination = message.response.destination
        consumed = message.response.consumed
        recipients = tuple(c.recipient for c in consumed.confirmations) if consumed else ()
        if consumed is not None and consumed.conditions is not None:
            audiences = tuple(consumed.conditions.audiences)
    choice = choose_profile(
        config.profile,
        endpoint,
        recipients=recipients,
        audiences=audiences,
        destination=destination,
    )
    profile = choice.profile
    notes: list[str] = [f"cloud: {choice.conflict}"] if choice.conflict else []
    posted = endpoint_of(endpoint)
    if posted is not None and endpoint and posted.url != endpoint.partition("?")[0]:
        notes.append(f"the URL posted to is routed by the SP as {posted.url}")
    # Judged at the endpoint as the SP routes it. Nothing says where it was posted (a pasted
    # response): a Recipient or Destination on Alibaba Cloud's user-SSO endpoint stands for
    # it, so a user-SSO response is judged as one (the report's `endpoint` stays unknown).
    judged_at = (posted.url if posted is not None else endpoint) or next(
        (
            u
            for u in (*recipients, destination)
            if u and profile.has_host(routed_host(host_of(u))) and endpoint_kind(u) == "user"
        ),
        None,
    )
    ctx = Context(
        capture=capture,
        config=config,
        profile=profile,
        evaluated_at=evaluated_at,
        time_source=time_source,
        endpoint=judged_at,
        relay_state=relay_state,
        trust=trust,
        problem=problem,
        message=message,
        verification=verification,
    )
    findings = run_rules(ctx, login_rules(profile.cloud))
    recorded = None
    if message is not None and not ctx.has_capture_time:
        notes.append(_time_unknown(message))
    if capture.recorded_signature is not None and verification is not None:
        recorded, note = _recorded_note(capture.recorded_signature, verification)
        notes += [note] if note else []
    return Report(
        capture=capture,
        evaluated_at=evaluated_at,
        time_source=time_source,
        profile=profile,
        endpoint=endpoint,
        relay_state=relay_state,
        message=message,
        verification=verification,
        findings=tuple(findings),
        problem=problem,
        outcome=outcome_of(capture.answer),
        recorded_signature=recorded,
        notes=tuple(notes),
        endpoint_kind=ctx.endpoint_kind,
    )
