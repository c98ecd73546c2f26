from __future__ import annotations

import re
from collections.abc import Iterator

from samlscope.rules.alibaba.claims import ROLE_SESSION_NAME, applies
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

NOT_ALLOWED = re.compile(r"[^A-Za-z0-9.@\-_=,+]")
MIN, MAX = 2, 64


class RoleSessionNameInvalid(Rule):
    """ALI306 role-session-name-invalid

    ## What it checks
    That RoleSessionName has exactly one value, 2–64 characters long, made only of letters,
    digits and `. @ - _ = , +`. A value of 33 to 64 characters is fine: Alibaba Cloud's own
    Entra walkthrough signs in `ssotest01@example.onmicrosoft.com` (33 characters). The
    character set is the one Alibaba Cloud documents for RoleSessionName in "SAML assertion
    attributes for role-based SSO"
    (https://www.alibabacloud.com/help/en/ram/saml-response-for-role-based-sso).

    ## Why it breaks the login
    Alibaba Cloud uses RoleSessionName as the session name (`<role>/<RoleSessionName>`) and
    refuses values outside its format, often without naming the cause (a display name with a
    space or Chinese characters is a known case).

    ## Example
    `Zhang San 张三` (a space and non-ASCII characters), or a 70-character value.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, edit
    the RoleSessionName claim: use an ASCII source of at most 64 characters
    (`user.userprincipalname`, as Alibaba's walkthrough does, `user.mailnickname`, or a
    transformation such as ExtractMailPrefix()).
    Source: Alibaba Cloud, "Implement role-based SSO from Microsoft Entra ID to Alibaba Cloud"
    (https://www.alibabacloud.com/help/en/ram/implement-role-based-sso-from-azure-ad).
    """

    code = "ALI306"
    name = "role-session-name-invalid"
    severity = Severity.ERROR
    fix = (
        "Source RoleSessionName from an ASCII value of 2-64 characters (UPN, mailnickname, "
        "ExtractMailPrefix): {claims}."
    )

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
        if not MIN <= len(value) <= MAX:
            yield self.finding(
                f"RoleSessionName {value!r} is {len(value)} characters; Alibaba Cloud allows "
                f"{MIN}–{MAX}.",
                evidence=evidence,
            )
