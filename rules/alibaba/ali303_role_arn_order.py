from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, role_values
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class RoleArnOrder(Rule):
    """ALI303 role-arn-order

    ## What it checks
    That each Role value lists the RAM role ARN first and the IdP (SAML provider) ARN second:
    `acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<IdP>`.

    ## Why it breaks the login
    Every Alibaba Cloud document and example writes "RAM role ARN,IdP ARN" (FACTS.md §1.3).
    Whether Alibaba Cloud also accepts the reversed order is not documented ([GAP]); AWS
    tooling learned to accept both, but no source says Alibaba does, so a reversed pair is the
    likely cause of a "role not found"-style failure.

    ## Example
    `acs:ram::1234567890123456:saml-provider/AAD,acs:ram::1234567890123456:role/aadrole`

    ## How to fix
    The value comes from the app role assigned to the user: in Entra admin center > App
    registrations > the Alibaba Cloud app > App roles (or the service principal's `appRoles`),
    set the role's Value to `acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<IdP>`.
    """

    code = "ALI303"
    name = "role-arn-order"
    severity = Severity.ERROR
    fix = "Set the Entra app role Value to 'RAM role ARN,IdP ARN' (role first)."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.reversed and not value.problems:
                assert value.role and value.provider
                yield self.finding(
                    f"Role value {index} has the IdP ARN first: {value.raw!r}. Alibaba Cloud "
                    "documents 'RAM role ARN,IdP ARN' (whether it tolerates the reverse is not "
                    f"documented); expected '{value.role.group(0)},{value.provider.group(0)}'.",
                    evidence={
                        "value": value.raw,
                        "index": index,
                        "expected": f"{value.role.group(0)},{value.provider.group(0)}",
                    },
                )
