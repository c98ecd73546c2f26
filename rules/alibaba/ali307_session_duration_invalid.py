from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, attribute, facts_of
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class SessionDurationInvalid(Rule):
    """ALI307 session-duration-invalid

    ## What it checks
    The optional `https://www.aliyun.com/SAML-Role/Attributes/SessionDuration`: at most one
    value, an integer number of seconds between 900 and 43200. Above 3600 it warns: that only
    works when the RAM role's maximum session duration was raised to at least that value.

    ## Why it breaks the login
    The 2019 docs allow 900–3600 (default 3600); the role's MaxSessionDuration (3600–43200) caps
    it now (Alibaba Cloud, "SAML assertion attributes for role-based SSO" and Alibaba Cloud,
    "AssumeRoleWithSAML"; versions differ). A value that is not a number, out of range, or above
    the role's maximum makes the console login fail.

    ## Example
    `<AttributeValue>8h</AttributeValue>` or `<AttributeValue>86400</AttributeValue>`.

    ## How to fix
    Send whole seconds: edit the SessionDuration claim in Entra (Attributes & Claims) to a
    constant such as `3600`; for longer sessions raise the role's "Maximum session duration"
    in the RAM console (RAM roles > the role > Basic information > Edit).
    """

    code = "ALI307"
    name = "session-duration-invalid"
    severity = Severity.ERROR
    fix = "Send whole seconds 900–43200; above 3600 raise the RAM role's maximum session duration."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or "alibaba"):
            return
        assert ctx.assertion is not None
        facts = facts_of(ctx)
        low, high, default_max = facts.duration_min, facts.duration_max, facts.duration_default_max
        attr = attribute(ctx.assertion, "SessionDuration", facts)
        if attr is None:
            return
        if len(attr.values) != 1:
            yield self.finding(
                f"SessionDuration has {len(attr.values)} values; at most one is allowed.",
                evidence={"values": list(attr.values)},
            )
            return
        raw = attr.values[0].strip()
        if not raw.isdigit():
            yield self.finding(
                f"SessionDuration {raw!r} is not a whole number of seconds.",
                evidence={"value": raw},
            )
            return
        seconds = int(raw)
        if not low <= seconds <= high:
            yield self.finding(
                f"SessionDuration {seconds} s is outside {low}–{high} s.",
                evidence={"value": seconds},
            )
        elif seconds > default_max:
            role = facts.role_arn_name.removesuffix(" ARN")
            yield self.finding(
                f"SessionDuration {seconds} s exceeds {default_max} s: it works only if the "
                f"{role}'s maximum session duration is at least that long (the default is "
                f"{default_max} s).",
                evidence={"value": seconds},
                severity=Severity.WARNING,
            )
