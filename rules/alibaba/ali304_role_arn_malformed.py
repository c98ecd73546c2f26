from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import RoleArnMalformedCheck


class RoleArnMalformed(RoleArnMalformedCheck):
    """ALI304 role-arn-malformed

    ## What it checks
    That each Role value is exactly two comma-separated ARNs, one RAM role ARN
    `acs:ram::<account ID>:role/<name>` (name: letters, digits, `.`, `_`, `-`, up to 64) and one
    IdP ARN `acs:ram::<account ID>:saml-provider/<name>` (up to 128), with no spaces, no
    semicolon-joined pairs, and no AWS `arn:aws:iam::` ARNs.

    ## Why it breaks the login
    Alibaba Cloud looks the role and the identity provider up by these ARNs (Alibaba Cloud,
    "AssumeRoleWithSAML"); a value it cannot split or parse names no role, and the login fails —
    typically with "Cannot find the SAML identity provider with ARN …" or a generic SAML error.

    ## Example
    `acs:ram::1234567890123456:role/aadrole; acs:ram::1234567890123456:saml-provider/AAD`

    ## How to fix
    Correct the Value of the app role in Entra (App registrations > the app > App roles, or the
    service principal's `appRoles`): exactly `acs:ram::<account>:role/<role>,acs:ram::<account>:
    saml-provider/<IdP>`, copied from the RAM console (RAM roles > the role > ARN; SSO > the
    IdP > ARN). Several roles are several app roles, not one joined value.
    """

    code = "ALI304"
    name = "role-arn-malformed"
    severity = Severity.ERROR
    fix = "Copy both ARNs from the RAM console into the role value, as {role_value}: {app_roles}."
