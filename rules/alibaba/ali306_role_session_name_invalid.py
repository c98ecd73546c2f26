from __future__ import annotations

import re
from collections.abc import Iterator

from samlscope.rules.alibaba.claims import ROLE_SESSION_NAME, applies
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

NOT_ALLOWED = re.compile(r"[^A-Za-z0-9.@\-_=,+]")
DOCUMENTED_MAX = 32
MAX = 64


class RoleSessionNameInvalid(Rule):
    """ALI306 role-session-name-invalid

    ## What it checks
    That RoleSessionName has exactly one value, 2–64 characters long, made only of letters,
    digits and `. @ - _ = , +`. Between 33 and 64 characters it warns: the 2019 Alibaba docs
    say 2–32, newer ones may allow 64 (FACTS.md §1.3, unconfirmed).

    ## Why it breaks the login
    Alibaba Cloud uses RoleSessionName as the session name (`<role>/<RoleSessionName>`) and
    refuses values outside its format, often without naming the cause (a Chinese display name
    is a known case). Entra UPNs such as `first.last@tenant.onmicrosoft.com` easily exceed 32
    characters.

    ## Example
    `Zhang San` (a space and non-ASCII characters), or
    `firstname.lastname@contoso-production.onmicrosoft.com` (54 characters).

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, edit
    the RoleSessionName claim: use a short ASCII source (`user.userprincipalname`,
    `user.mailnickname`, or a transformation such as ExtractMailPrefix()).
    """

    code = "ALI306"
    name = "role-session-name-invalid"
    severity = Severity.ERROR
    fix = "Source RoleSessionName from a short ASCII value (UPN, mailnickname, ExtractMailPrefix)."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx):
            return
        assert ctx.assertion is not None
        attr = ctx.assertion.attribute(ROLE_SESSION_NAME)
        if attr is None or not any(v.strip() for v in attr.values):
            return  # ALI302
        if len(attr.values) > 1:
            yield self.finding(
                f"RoleSessionName has {len(attr.values)} values; exactly one is allowed.",
                evidence={"values": list(attr.values)},
            )
        value = attr.values[0]
        evidence = {"value": value, "length": len(value)}
        bad = sorted(set(NOT_ALLOWED.findall(value)))
        if bad:
            yield self.finding(
                f"RoleSessionName {value!r} contains characters Alibaba Cloud does "
                f"not allow: {''.join(bad)!r} (allowed: letters, digits, . @ - _ = , +).",
                evidence={**evidence, "bad_characters": bad},
            )
        if len(value) < 2 or len(value) > MAX:
            yield self.finding(
                f"RoleSessionName {value!r} is {len(value)} characters; Alibaba "
                f"Cloud allows 2–{MAX} (documented: 2–{DOCUMENTED_MAX}).",
                evidence=evidence,
            )
        elif len(value) > DOCUMENTED_MAX:
            yield self.finding(
                f"RoleSessionName {value!r} is {len(value)} characters: over the 32 the 2019 "
                "Alibaba docs allow; newer docs may allow 64 (not confirmed).",
                evidence=evidence,
                severity=Severity.WARNING,
            )
