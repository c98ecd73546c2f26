from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import MissingClaimRule


class MissingRoleSessionName(MissingClaimRule):
    """AWS302 missing-role-session-name

    ## What it checks
    That the assertion has `https://aws.amazon.com/SAML/Attributes/RoleSessionName` with a
    value, and names near misses (no namespace, letter case, Alibaba Cloud's namespace).

    ## Why it breaks the login
    AWS requires exactly one RoleSessionName: it names the session in CloudTrail and in the
    assumed-role ARN. Without it AWS answers "RoleSessionName is required in AuthnResponse".

    ## Example
    No RoleSessionName claim: the AWS app's claims were edited and the claim removed.

    ## How to fix
    Add the claim in Entra admin center > Enterprise applications > the AWS app > Single
    sign-on > Attributes & Claims: Name `RoleSessionName`, Namespace
    `https://aws.amazon.com/SAML/Attributes`, Source attribute `user.userprincipalname`.
    Source: AWS, "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS302"
    name = "missing-role-session-name"
    severity = Severity.ERROR
    fix = (
        "In {claims}, add {session_claim}, from an ASCII value of 2-64 characters (the user "
        "principal name, or its part before the @)."
    )
    claim = "RoleSessionName"
