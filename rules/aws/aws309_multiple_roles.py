from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import applies, role_values


class MultipleRoles(Rule):
    """AWS309 multiple-roles

    ## What it checks
    Whether the Role attribute carries more than one role pair.

    ## Why it breaks the login
    It does not: AWS shows the user a page to choose the role ("Select a role"). It is
    reported because users then see a choice they may not expect, and command-line tools ask
    for a role.

    ## Example
    Two AttributeValues, `...:role/Admins,...` and `...:role/ReadOnly,...`.

    ## How to fix
    Nothing is needed. To sign a user straight in, assign only one app role: Entra admin
    center > Enterprise applications > the AWS app > Users and groups. Source: AWS,
    "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS309"
    name = "multiple-roles"
    severity = Severity.INFO
    fix = "None needed; assign one app role to skip AWS's role choice: {assignment}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        values = role_values(ctx)
        if len(values) > 1:
            yield self.finding(
                f"{len(values)} Role values: AWS asks the user to choose a role.",
                evidence={"values": [v.raw for v in values]},
            )
