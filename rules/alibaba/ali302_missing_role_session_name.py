from __future__ import annotations

from samlscope.facts.alibaba import ROLES
from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import MissingClaimRule


class MissingRoleSessionName(MissingClaimRule):
    """ALI302 missing-role-session-name

    ## What it checks
    That the assertion has the attribute
    `https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName` with a value, and names
    near misses (no namespace, `http://`, letter case, the AWS namespace).

    ## Why it breaks the login
    RoleSessionName is required: it names the session in the console and in ActionTrail
    (`<role>/<RoleSessionName>`), and Alibaba Cloud rejects a role-SSO assertion without it
    (Alibaba Cloud, "SAML assertion attributes for role-based SSO").

    ## Example
    `<Attribute Name="https://www.aliyun.com/SAML-Role/Attributes/rolesessionname">`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Attributes & Claims, add a
    claim with Name `RoleSessionName`, Namespace `https://www.aliyun.com/SAML-Role/Attributes`
    and Source attribute `user.userprincipalname`.
    """

    code = "ALI302"
    name = "missing-role-session-name"
    severity = Severity.ERROR
    fix = (
        "In {claims}, add {session_claim}, from an ASCII value of 2-64 characters (the user "
        "principal name, or its part before the @)."
    )
    claim = ROLES.role_session_name
