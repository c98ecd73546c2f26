from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import SessionValueRule


class RoleSessionNameInvalid(SessionValueRule):
    """AWS306 role-session-name-invalid

    ## What it checks
    That `https://aws.amazon.com/SAML/Attributes/RoleSessionName` has exactly one value of
    2–64 characters, each a letter, a digit or one of `+ = , . @ _ -` (no spaces).

    ## Why it breaks the login
    AWS uses the value as the session's name; a value outside that grammar is refused and
    the sign-in fails with "Your request included an invalid SAML response".

    ## Example
    `Zhang San 张三` (spaces and non-ASCII letters), or a 70-character UPN.

    ## How to fix
    Source RoleSessionName from an ASCII value of 2–64 characters: Entra admin center >
    Enterprise applications > the AWS app > Single sign-on > Attributes & Claims >
    RoleSessionName (`user.userprincipalname`, `user.mailnickname`, or a transformation such
    as ExtractMailPrefix()). Source: AWS, "Configure SAML assertions for the authentication
    response" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS306"
    name = "role-session-name-invalid"
    severity = Severity.ERROR
    fix = (
        "Source RoleSessionName from an ASCII value of 2-64 characters (UPN, mailnickname, "
        "ExtractMailPrefix): {claims}."
    )
    local = "RoleSessionName"
