from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import SessionDurationCheck


class SessionDurationInvalid(SessionDurationCheck):
    """ALI307 session-duration-invalid

    ## What it checks
    The optional `https://www.aliyun.com/SAML-Role/Attributes/SessionDuration`: at most one
    value, an integer number of seconds between 900 and 43200. Above 3600 it warns: that only
    works when the RAM role's maximum session duration was raised to at least that value.

    ## Why it breaks the login
    The 2019 docs allow 900–3600 (default 3600); the role's MaxSessionDuration (3600–43200) caps
    it now (Alibaba Cloud, "SAML assertion attributes for role-based SSO" and Alibaba Cloud,
    "AssumeRoleWithSAML"; versions differ). A value that is not a number, out of range, or above
    the role's maximum makes the console login fail.

    ## Example
    `<AttributeValue>8h</AttributeValue>` or `<AttributeValue>86400</AttributeValue>`.

    ## How to fix
    Send whole seconds: edit the SessionDuration claim in Entra (Attributes & Claims) to a
    constant such as `3600`; for longer sessions raise the role's "Maximum session duration"
    in the RAM console (RAM roles > the role > Basic information > Edit).
    """

    code = "ALI307"
    name = "session-duration-invalid"
    severity = Severity.ERROR
    fix = "Send whole seconds 900–43200; above 3600 raise the RAM role's maximum session duration."
