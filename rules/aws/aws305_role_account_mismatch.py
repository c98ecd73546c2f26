from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import RoleAccountMismatchCheck


class RoleAccountMismatch(RoleAccountMismatchCheck):
    """AWS305 role-account-mismatch

    ## What it checks
    That the role ARN and the SAML provider ARN of each Role value name the same AWS account.

    ## Why it breaks the login
    A role trusts a SAML provider of its own account (its trust policy's Principal Federated
    names it); a pair from two accounts cannot be assumed, and the login fails with "Not
    authorized to perform sts:AssumeRoleWithSAML".

    ## Example
    `arn:aws:iam::123456789012:role/Admins,arn:aws:iam::210987654321:saml-provider/Entra`.

    ## How to fix
    Use the role and the provider of one account (create the SAML provider in the role's
    account: IAM console > Identity providers > Add provider), and set the AWS app role Value
    in Entra admin center > App registrations > the AWS app > App roles. Source: AWS,
    "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS305"
    name = "role-account-mismatch"
    severity = Severity.ERROR
    fix = "Use a role ARN and a SAML provider ARN of the same AWS account in the app role Value."
