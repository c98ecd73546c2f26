"""The timestamps that bound an assertion's validity, with labels for messages."""

from __future__ import annotations

from datetime import datetime

from samlscope.decoder.message.model import Assertion, Instant
from samlscope.decoder.message.names import BEARER
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.record import Record
from samlscope.rules.context import Context


class Bound(Record):
    label: str
    instant: Instant


def upper_bounds(a: Assertion) -> list[Bound]:
    out = []
    if a.conditions is not None and a.conditions.not_on_or_after is not None:
        out.append(Bound("Conditions NotOnOrAfter", a.conditions.not_on_or_after))
    for c in a.confirmations:
        if c.method == BEARER and c.not_on_or_after is not None:
            out.append(Bound("SubjectConfirmationData NotOnOrAfter", c.not_on_or_after))
    for s in a.authn_statements:
        if s.session_not_on_or_after is not None:
            out.append(Bound("AuthnStatement SessionNotOnOrAfter", s.session_not_on_or_after))
    return out


def lower_bounds(a: Assertion) -> list[Bound]:
    out = []
    if a.conditions is not None and a.conditions.not_before is not None:
        out.append(Bound("Conditions NotBefore", a.conditions.not_before))
    for c in a.confirmations:
        if c.method == BEARER and c.not_before is not None:
            out.append(Bound("SubjectConfirmationData NotBefore", c.not_before))
    return out


def when(ctx: Context) -> str:
    return f"{iso(ctx.evaluated_at)} ({ctx.time_source})"


def gap(a: datetime, b: datetime) -> str:
    return describe_delta((a - b).total_seconds())
