from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba import ROLES
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import applies


class MultipleRoles(Rule):
    """ALI309 multiple-roles

    ## What it checks
    Whether the Role attribute has more than one value.

    ## Why it breaks the login
    It does not: with several values Alibaba Cloud shows a role picker before the console
    (Alibaba Cloud, "SAML assertion attributes for role-based SSO"). It is reported so that a
    support engineer knows the user saw that page, and which roles were offered.

    ## Example
    Two AttributeValues: `…:role/admin,…:saml-provider/AAD` and
    `…:role/readonly,…:saml-provider/AAD`.

    ## How to fix
    Nothing to fix if intended. To log users straight into one role, assign them only one app
    role of the Alibaba Cloud app in Entra (Users and groups).
    """

    code = "ALI309"
    name = "multiple-roles"
    severity = Severity.INFO
    fix = "Intended? Otherwise give the user a single role value: {assignment}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        assert ctx.assertion is not None
        attr = ctx.assertion.attribute(ROLES.role)
        if attr is not None and len(attr.values) > 1:
            yield self.finding(
                f"The Role attribute offers {len(attr.values)} roles; Alibaba "
                "Cloud shows a role picker.",
                evidence={"values": list(attr.values)},
            )
