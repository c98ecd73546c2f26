from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.timeutil import iso
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.time._window import gap, lower_bounds, when


class NotYetValid(Rule):
    """TIME202 not-yet-valid

    ## What it checks
    Whether the evaluation time is before a NotBefore (Conditions, or the bearer
    SubjectConfirmationData) by more than the allowed skew (default 300 s, `--skew`), and by
    how much.

    ## Why it breaks the login
    Entra sets Conditions NotBefore equal to IssueInstant, with no buffer (Microsoft, "SAML
    token claims reference"). If the SP's clock is behind Entra's, the assertion is "from the
    future" there and is refused until the clocks agree; the skew an SP tolerates is not
    documented for Alibaba Cloud.

    ## Example
    NotBefore 09:00:00Z, evaluated (captured) at 08:52:10Z: 7 min 50 s early.

    ## How to fix
    The machine that captured or received the login runs behind Entra's clock: fix its time
    synchronisation (NTP). When analysing a capture, make sure the capture time is right
    (`--at`).
    """

    code = "TIME202"
    name = "not-yet-valid"
    severity = Severity.ERROR
    fix = (
        "Fix the clock of the machine that is behind (NTP); {idp} sets NotBefore to the issue time."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        assertion = ctx.assertion
        if assertion is None:
            return
        at, skew = ctx.evaluated_at, ctx.config.skew
        for bound in lower_bounds(assertion):
            value = bound.instant.value
            if value is None:
                yield self.finding(
                    f"{bound.label} {bound.instant.raw!r} is not a valid xs:dateTime.",
                    evidence={"field": bound.label},
                )
            elif value - at > skew and ctx.has_capture_time:  # else: time unknown (a note)
                yield self.finding(
                    f"The evaluation time {when(ctx)} is {gap(value, at)} before {bound.label} "
                    f"{iso(value)}, beyond the {int(skew.total_seconds())} s skew allowed: "
                    "the capturing machine's clock is behind the IdP's.",
                    evidence={
                        "field": bound.label,
                        "not_before": iso(value),
                        "evaluated_at": iso(at),
                        "early_by_seconds": int((value - at).total_seconds()),
                        "skew_seconds": int(skew.total_seconds()),
                    },
                )
