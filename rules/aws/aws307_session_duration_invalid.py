from __future__ import annotations

from samlscope.rules.engine import Severity
from samlscope.rules.role_pair import SessionDurationCheck


class SessionDurationInvalid(SessionDurationCheck):
    """AWS307 session-duration-invalid

    ## What it checks
    That the optional `https://aws.amazon.com/SAML/Attributes/SessionDuration` is one whole
    number of seconds in 900–43200 (warning above 3600: the role's maximum session duration
    must allow it).

    ## Why it breaks the login
    AWS refuses a SessionDuration outside 900–43200 s; within it, the console session lasts
    the lesser of SessionDuration and the assertion's SessionNotOnOrAfter, and a role whose
    maximum session duration is shorter than the value refuses it.

    ## Example
    `86400` (a day), or `8h`.

    ## How to fix
    Set the SessionDuration claim to a constant such as `3600` (Entra admin center >
    Enterprise applications > the AWS app > Single sign-on > Attributes & Claims); for longer
    sessions raise the role's "Maximum session duration" (IAM console > Roles > the role >
    Edit). Source: AWS, "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "AWS307"
    name = "session-duration-invalid"
    severity = Severity.ERROR
    fix = "Send whole seconds 900-43200; above 3600 raise the IAM role's maximum session duration."
