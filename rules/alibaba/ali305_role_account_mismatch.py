from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import RoleAccountMismatchCheck


class RoleAccountMismatch(RoleAccountMismatchCheck):
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
    fix = "Use a role ARN and an IdP ARN of the same account in the role value: {app_roles}."
