from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, facts_of, role_values
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class RoleAccountMismatch(Rule):
    """ALI305 role-account-mismatch

    ## What it checks
    That the RAM role ARN and the IdP ARN of each Role value name the same Alibaba Cloud
    account ID.

    ## Why it breaks the login
    A role can only be assumed through an identity provider of its own account: the role's trust
    policy names an IdP in the same account (Alibaba Cloud, "AssumeRoleWithSAML"). A pair that
    mixes two accounts — usually a copy-paste from another account's setup — can never be
    assumed.

    ## Example
    `acs:ram::1234567890123456:role/admin,acs:ram::6543210987654321:saml-provider/AAD`

    ## How to fix
    Copy both ARNs from the same account's RAM console (RAM roles > the role > ARN; SSO >
    Role-based SSO > the IdP > ARN) into the Entra app role Value.
    """

    code = "ALI305"
    name = "role-account-mismatch"
    severity = Severity.ERROR
    fix = "Use a role ARN and an IdP ARN of the same account in the Entra app role Value."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or "alibaba"):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.role and value.provider and not value.problems:
                role_acct, idp_acct = value.role.group(1), value.provider.group(1)
                if role_acct != idp_acct:
                    provider = facts_of(ctx).provider_arn_name.removesuffix(" ARN")
                    yield self.finding(
                        f"Role value {index}: the role is in account {role_acct} but the "
                        f"{provider} is in account {idp_acct}.",
                        evidence={
                            "value": value.raw,
                            "role_account": role_acct,
                            "provider_account": idp_acct,
                        },
                    )
