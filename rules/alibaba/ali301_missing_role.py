from __future__ import annotations

from samlscope.rules.alibaba._missing_claim import MissingClaimRule
from samlscope.rules.alibaba.claims import ROLE
from samlscope.rules.engine import Severity


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

    ## Example
    `<Attribute Name="Role">` — the claim was added in Entra with the Namespace field empty.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, add
    (or edit) a claim with Name `Role`, Namespace `https://www.aliyun.com/SAML-Role/Attributes`
    and Source attribute `user.assignedroles`; then assign the user an app role whose value is
    `acs:ram::<account ID>:role/<role>,acs:ram::<account ID>:saml-provider/<IdP>`.
    """

    code = "ALI301"
    name = "missing-role"
    severity = Severity.ERROR
    fix = (
        "In Entra's Attributes & Claims: claim Name 'Role', Namespace "
        "'https://www.aliyun.com/SAML-Role/Attributes', Source 'user.assignedroles'."
    )
    claim = ROLE
