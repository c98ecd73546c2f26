from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba import ROLES
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Severity
from samlscope.rules.role_pair import MissingClaimRule

DEFAULT_ACCESS_FIX = (
    "Assign the user (or a group the user is a direct member of) an app role whose value is "
    "'acs:ram::<account ID>:role/<role name>,acs:ram::<account ID>:saml-provider/<IdP name>': "
    "create the role in Entra admin center > App registrations > the app > App roles (Value = "
    "the pair, RAM role ARN first), then choose it in Enterprise applications > the app > Users "
    "and groups > the user > Edit assignment > Select a role. The Role claim itself is set up."
)


class MissingRole(MissingClaimRule):
    """ALI301 missing-role

    ## What it checks
    That the assertion has the attribute `https://www.aliyun.com/SAML-Role/Attributes/Role`
    with at least one value, and names near misses: no namespace (`Role`), `http://`,
    different letter case, the AWS namespace, or Entra's own role claim.

    ## Why it breaks the login
    Alibaba Cloud reads the RAM role to assume only from this exact attribute name (Alibaba
    Cloud, "SAML assertion attributes for role-based SSO"). Without it there is no role, and the
    login fails before any role picker. Attribute names are case-sensitive.

    A user assigned only with Entra's default role ("Default Access", `msiam_access`, which has
    no value) gets a response with no Role attribute at all, although the claims are set up:
    when RoleSessionName arrives under Alibaba's namespace and Role is simply absent, the
    finding says so and names that fix, not "add the claim".

    ## Example
    `<Attribute Name="Role">` — the claim was added in Entra with the Namespace field empty.
    Or no Role attribute next to a correct RoleSessionName: the user has Default Access only.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, add
    (or edit) a claim with Name `Role`, Namespace `https://www.aliyun.com/SAML-Role/Attributes`
    and Source attribute `user.assignedroles`; then assign the user an app role whose value is
    `acs:ram::<account ID>:role/<role>,acs:ram::<account ID>:saml-provider/<IdP>`. For a
    Default Access user only the assignment is wrong: Enterprise applications > the app >
    Users and groups > the user > Edit assignment > Select a role with that value (create it in
    App registrations > the app > App roles). Source: Alibaba Cloud, "Implement role-based SSO
    from Microsoft Entra ID to Alibaba Cloud" (step 5, the app role's Value).
    """

    code = "ALI301"
    name = "missing-role"
    severity = Severity.ERROR
    fix = "In {claims}, add {role_claim}, whose value is the pair {role_value}{role_source}."
    claim = ROLES.role

    def check(self, ctx: Context) -> Iterator[Finding]:
        for finding in super().check(ctx):
            yield self._default_access(ctx, finding) or finding

    def _default_access(self, ctx: Context, finding: Finding) -> Finding | None:
        """The same finding, explained, when the claims are set up but no Role value came:
        the user's assignment carries no value (Entra's Default Access, msiam_access)."""
        assertion = ctx.assertion
        if assertion is None or ctx.wording.idp.key != "entra":
            return None
        if assertion.attribute(ROLES.role) is not None or finding.evidence.get("near_misses"):
            return None
        session = assertion.attribute(ROLES.role_session_name)
        if session is None or not any(v.strip() for v in session.values):
            return None
        return finding._replace(
            message=(
                f"No attribute named {ROLES.role!r}, although the Alibaba Cloud claims are set up "
                f"({ROLES.role_session_name!r} arrives): Entra leaves the Role claim out when the "
                "user's app role has no value. The user is assigned with Entra's default role "
                "(Default Access, msiam_access) or another role without a value, not with an "
                "app role carrying the 'RAM role ARN,IdP ARN' pair."
            ),
            fix=DEFAULT_ACCESS_FIX,
            evidence={**finding.evidence, "likely_cause": "default-access"},
        )
