from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import SessionValueRule


class SourceIdentityInvalid(SessionValueRule):
    """AWS312 source-identity-invalid

    ## What it checks
    When the optional `https://aws.amazon.com/SAML/Attributes/SourceIdentity` is sent: exactly
    one value of 2–64 characters of letters, digits and `+ = , . @ _ -`.

    ## Why it breaks the login
    AWS records the source identity with the session (and a role's trust policy may require
    `sts:SetSourceIdentity`); a value outside that grammar makes AWS refuse the assertion.

    ## Example
    `a` (one character), or `Alice Example` (a space).

    ## How to fix
    Source SourceIdentity from a short ASCII value (`user.mailnickname`, an employee ID), or
    remove the claim: Entra admin center > Enterprise applications > the AWS app > Single
    sign-on > Attributes & Claims. Source: AWS, "Configure SAML assertions for the
    authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS312"
    name = "source-identity-invalid"
    severity = Severity.ERROR
    fix = "Send SourceIdentity as one ASCII value of 2-64 characters, or remove it: {claims}."
    local = "SourceIdentity"
