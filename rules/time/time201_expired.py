from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.timeutil import iso
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.time._window import gap, upper_bounds, when


class Expired(Rule):
    """TIME201 expired

    ## What it checks
    At the evaluation time (the capture's own time, `--at`, else now), whether any
    NotOnOrAfter has passed by more than the allowed skew (default 300 s, `--skew`):
    Conditions, the bearer SubjectConfirmationData, and AuthnStatement SessionNotOnOrAfter.
    It says which timestamp failed and by how much. An unreadable timestamp is reported too.

    ## Why it breaks the login
    An SP must refuse an assertion whose validity has ended (SAML 2.0 Profiles §4.1.4.3). Entra
    gives the bearer confirmation only 5 minutes after IssueInstant, and the Conditions 70
    minutes (Microsoft, "SAML token claims reference"): a response posted late — a browser left
    on the Entra page, a replayed capture, a clock far ahead — is refused even though nothing
    else is wrong.

    ## Example
    SubjectConfirmationData NotOnOrAfter 09:05:00Z, posted at 09:12:30Z.

    ## How to fix
    Sign in again from My Apps: a fresh response is valid. If fresh responses fail too, the SP's
    (or the capture machine's) clock is ahead: check NTP. When analysing an old capture, pass
    the capture time with `--at` instead of judging it at "now".
    """

    code = "TIME201"
    name = "expired"
    severity = Severity.ERROR
    fix = (
        "Sign in again from the IdP's portal: a fresh response is valid; if fresh logins fail "
        "too, check the clocks (NTP): {clock}."
    )
    fix_now = (
        "This response was judged at the current time because the input records no capture "
        "time: pass --at with the time of the failed login to judge the original login."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        assertion = ctx.assertion
        if assertion is None:
            return
        at, skew = ctx.evaluated_at, ctx.config.skew
        for bound in upper_bounds(assertion):
            value = bound.instant.value
            if value is None:
                yield self.finding(
                    f"{bound.label} {bound.instant.raw!r} is not a valid xs:dateTime.",
                    evidence={"field": bound.label},
                )
            elif at - value >= skew and ctx.has_capture_time:  # else: time unknown (a note)
                yield self.finding(
                    f"{bound.label} {iso(value)} passed {gap(at, value)} before the evaluation "
                    f"time {when(ctx)}, beyond the {int(skew.total_seconds())} s skew allowed.",
                    evidence={
                        "field": bound.label,
                        "not_on_or_after": iso(value),
                        "evaluated_at": iso(at),
                        "late_by_seconds": int((at - value).total_seconds()),
                        "skew_seconds": int(skew.total_seconds()),
                    },
                    fix=None if ctx.has_capture_time else self.fix_now,
                )
