from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import applies, role_values


class RoleArnOrder(Rule):
    """ALI303 role-arn-order

    ## What it checks
    That each Role value lists the RAM role ARN first and the IdP (SAML provider) ARN second:
    `acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<IdP>`.

    ## Why it breaks the login
    Alibaba Cloud's walkthrough for Entra ID says of the app role's Value: "The value must use
    the format RAM role ARN,IdP ARN. An incorrect order will cause the SSO to fail." (AWS
    accepts either order; Alibaba Cloud does not.)
    Source: Alibaba Cloud, "Implement role-based SSO from Microsoft Entra ID to Alibaba Cloud"
    (https://www.alibabacloud.com/help/en/ram/implement-role-based-sso-from-azure-ad).

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
    fix = "Set the app role Value to 'RAM role ARN,IdP ARN' (role first): {app_roles}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.reversed and not value.problems:
                assert value.role and value.provider
                yield self.finding(
                    f"Role value {index} has the IdP ARN first: {value.raw!r}. Alibaba Cloud "
                    "requires 'RAM role ARN,IdP ARN'; an incorrect order makes the SSO fail. "
                    f"Expected '{value.role.group(0)},{value.provider.group(0)}'.",
                    evidence={
                        "value": value.raw,
                        "index": index,
                        "expected": f"{value.role.group(0)},{value.provider.group(0)}",
                    },
                )
