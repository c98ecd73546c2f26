from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import applies, role_values


class RoleArnOrder(Rule):
    """AWS303 role-arn-order

    ## What it checks
    Whether a Role value names the SAML provider ARN first and the role ARN second.

    ## Why it breaks the login
    It does not, on AWS: AWS documents the role ARN first, and AWS's sign-in and the
    common command-line tools accept either order. It is reported as information because the
    same value breaks Alibaba Cloud, which requires the role first (ALI303): an app role copied
    between the two apps keeps its order.

    ## Example
    `arn:aws:iam::123456789012:saml-provider/Entra,arn:aws:iam::123456789012:role/Admins`.

    ## How to fix
    Nothing is needed for AWS. To match AWS's documentation, set the app role's Value to
    `arn:aws:iam::<account>:role/<name>,arn:aws:iam::<account>:saml-provider/<name>` (Entra
    admin center > App registrations > the AWS app > App roles). Source: AWS, "Configure SAML
    assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS303"
    name = "role-arn-order"
    severity = Severity.INFO
    fix = "Optional on AWS: put the role ARN first, as AWS documents it (and Alibaba requires)."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.reversed and not value.problems:
                assert value.role and value.provider
                expected = f"{value.role.group(0)},{value.provider.group(0)}"
                yield self.finding(
                    f"Role value {index} has the SAML provider ARN first: {value.raw!r}. AWS "
                    "accepts either order; its documentation puts the role ARN first, and "
                    "Alibaba Cloud requires that order.",
                    evidence={"value": value.raw, "index": index, "expected": expected},
                )
