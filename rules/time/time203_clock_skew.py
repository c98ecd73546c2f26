from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.timeutil import iso
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
    fix = "Check which machine's clock is off (NTP); Entra's own clock is rarely the culprit."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.has_capture_time:
            return
        issued = ctx.response.issue_instant
        if ctx.assertion is not None and ctx.assertion.issue_instant is not None:
            issued = issued or ctx.assertion.issue_instant
        if issued is None or issued.value is None:
            return
        at, skew, value = ctx.evaluated_at, ctx.config.skew, issued.value
        if abs(at - value) <= skew:
            return
        if value > at:
            message = (
                f"IssueInstant {iso(value)} is {gap(value, at)} after the capture time "
                f"{when(ctx)}: the IdP's clock is ahead of the capturing machine's (or "
                "that machine's clock is behind)."
            )
        else:
            message = (
                f"IssueInstant {iso(value)} is {gap(at, value)} before the capture time "
                f"{when(ctx)}: the response was posted long after it was issued (held "
                "or replayed), or the IdP's clock is behind the capturing machine's."
            )
        yield self.finding(
            message,
            evidence={
                "issue_instant": iso(value),
                "captured_at": iso(at),
                "difference_seconds": int((value - at).total_seconds()),
                "ahead": "idp" if value > at else "capture",
            },
        )
