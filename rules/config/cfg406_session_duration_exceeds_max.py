from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import consoles
from samlscope.facts.roles import grammar_for, parse_role
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity


class SessionDurationExceedsMax(ConfigRule):
    """CFG406 session-duration-exceeds-max

    ## What it checks
    That the SessionDuration a login sends is not longer than the MaxSessionDuration of the RAM
    role it assumes (from `aliyun ram GetRole` or `ListRoles`).

    ## Why it breaks the login
    The console session lasts the shortest of SessionDuration, SessionNotOnOrAfter, the RAM
    logon-session setting and the role's maximum session duration: a longer SessionDuration
    is cut short, and users are signed out sooner than the IdP setting promises. Source:
    Alibaba Cloud, "How do I modify the validity period of a logon session or an STS token"
    (https://www.alibabacloud.com/help/en/ram/support/how-do-i-modify-the-validity-period-of-a-logon-session-or-an-sts-token).

    ## Example
    SessionDuration `43200` for a role whose MaxSessionDuration is `3600`.

    ## How to fix
    Raise the role's maximum session duration (RAM console > Identities > Roles > the role >
    Maximum Session Duration, up to 43200 s), or lower the SessionDuration claim in Entra
    (the app > Single sign-on > Attributes & Claims).

    On AWS (`aws iam get-role` / `list-roles`): AssumeRoleWithSAML fails when DurationSeconds
    is above the role's maximum session duration, so a command-line login that passes the
    SessionDuration claim on (saml2aws, aws-adfs style) fails; what the console sign-in does
    with a longer claim is not documented. Source: AWS, "AssumeRoleWithSAML"
    (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html). Fix in
    IAM console > Roles > the role > Summary > Maximum session duration > Edit, or lower the
    claim in Entra.
    """

    code = "CFG406"
    name = "session-duration-exceeds-max"
    severity = Severity.WARNING
    fix = (
        "Raise the role's Maximum Session Duration (RAM console > Identities > Roles > the role) "
        "or lower the SessionDuration claim in Entra's Attributes & Claims."
    )

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for report, seconds, value in cctx.session_durations():
            parsed = parse_role(value, grammar_for(report.profile.cloud or "", value))
            role = cctx.role_by_arn(parsed.role.group(0)) if parsed.role else None
            if role is None or role.max_session is None or seconds <= role.max_session:
                continue
            said = consoles(role.cloud)
            effect = said.over_max_session.format(max=role.max_session)
            yield self.finding(
                f"{report.capture.source} sends SessionDuration {seconds} s for role "
                f"{role.name!r}, whose MaxSessionDuration is {role.max_session} s: {effect}.",
                fix=f"Raise the role's maximum session duration ({said.max_session}) or "
                "lower the SessionDuration claim in Entra's Attributes & Claims.",
                evidence={
                    "session_duration": seconds,
                    "max_session_duration": role.max_session,
                    "role": role.arn,
                },
            )
