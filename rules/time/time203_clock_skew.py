from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.facts.idps import ENTRA_CLOCK
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.time._window import gap, when


class ClockSkew(Rule):
    """TIME203 clock-skew

    ## What it checks
    The difference between the IssueInstant (the IdP's clock when it signed) and the capture
    time (the capturing machine's clock when the browser posted it). Only when the input records
    a capture time or `--at` is given: against "now" the difference would only measure how old
    the capture is. Over the skew (default 300 s), it says whose clock is ahead and by how much.
    When the capture holds HTTP Date headers of Entra ID and of the SP (flows, HAR), it compares
    those too and names the clock that is off: the capturing machine, Entra ID or Alibaba Cloud.

    ## Why it breaks the login
    Browsers post the response within a second or two of Entra issuing it, so a large gap means
    one of the clocks is wrong. An IdP clock ahead produces "not yet valid" rejections at the SP
    (Entra's NotBefore has no buffer); an SP clock ahead shortens the 5-minute bearer window
    until responses arrive already expired.

    ## Example
    IssueInstant 09:08:00Z in a POST captured at 09:00:30Z: the IdP clock is 7 min 30 s ahead
    of the capturing machine's.

    ## How to fix
    Find which clock is wrong (compare with a trusted time source) and fix its NTP
    configuration. Entra's clock is reliable; the capturing machine's or the SP's usually is not.
    """

    code = "TIME203"
    name = "clock-skew"
    severity = Severity.WARNING
    fix = "Check which machine's clock is off (NTP): {clock}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.has_capture_time:
            return
        skew = ctx.config.skew.total_seconds()
        parts: list[str] = []
        evidence: dict[str, object] = {}
        issued = ctx.response.issue_instant
        if (issued is None or issued.value is None) and ctx.assertion is not None:
            issued = ctx.assertion.issue_instant
        at = ctx.evaluated_at
        if (
            issued is not None
            and issued.value is not None
            and abs((issued.value - at).total_seconds()) > skew
        ):
            value = issued.value
            if value > at:
                parts.append(
                    f"IssueInstant {iso(value)} is {gap(value, at)} after the capture time "
                    f"{when(ctx)}: the IdP's clock is ahead of the capturing machine's "
                    "(or that machine's clock is behind)"
                )
            else:
                parts.append(
                    f"IssueInstant {iso(value)} is {gap(at, value)} before the capture "
                    f"time {when(ctx)}: the response was posted long after it was issued "
                    "(held or replayed), or the IdP's clock is behind the capturing "
                    "machine's"
                )
            evidence.update(
                issue_instant=iso(value),
                captured_at=iso(at),
                difference_seconds=int((value - at).total_seconds()),
            )
        offsets = dict(ctx.capture.clock_offsets)
        for whose, offset in offsets.items():
            if abs(offset) > skew:
                side = "ahead of" if offset > 0 else "behind"
                parts.append(
                    f"the capturing machine's clock is {describe_delta(offset)} {side} "
                    f"{whose}'s (its HTTP Date header)"
                )
        entra = offsets.pop(ENTRA_CLOCK, None)
        for whose, offset in offsets.items():
            if entra is not None and abs(entra - offset) > skew:
                side = "ahead of" if entra - offset > 0 else "behind"
                parts.append(
                    f"{whose}'s clock is {describe_delta(entra - offset)} {side} Entra "
                    "ID's (HTTP Date headers): the SP judges NotBefore/NotOnOrAfter "
                    "with it"
                )
        if parts:
            evidence["clock_offsets_local_minus_remote"] = dict(ctx.capture.clock_offsets)
            message = "; ".join(parts)
            yield self.finding(message[0].upper() + message[1:] + ".", evidence=evidence)
