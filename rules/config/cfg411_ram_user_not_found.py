from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba_user_sso import (
    DEFAULT_DOMAIN_SUFFIX,
    ENTRA_CLAIMS,
    GUID,
    logon_name,
)
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

RAM_USERS = "RAM console > Identities > Users"


class RamUserNotFound(ConfigRule):
    """CFG411 ram-user-not-found

    ## What it checks
    For each captured login to Alibaba Cloud's user-based SSO endpoint: that a RAM user with
    the NameID's user name exists among the users given (`aliyun ims GetUser` or `ListUsers`;
    the logon name `alice@...` belongs to the RAM user `alice`). A ListUsers answer that says
    IsTruncated makes it a warning, since the user may be on a later page.

    ## Why it breaks the login
    User-based SSO signs in an existing RAM user; it does not create one. A NameID whose user
    does not exist (not created yet, a different name in RAM, `alice.smith` against `asmith`)
    fails with "The user does not exist". Source: Alibaba Cloud, "FAQ about SSO"
    (https://www.alibabacloud.com/help/en/resource-access-management/latest/faq-about-sso).

    ## Example
    NameID `bob@contoso.onaliyun.com`; the RAM users are `alice` and `carol`.

    ## How to fix
    Create the RAM user with that name (RAM console > Identities > Users > Create User), or
    change what Entra sends as the Unique User Identifier (Name ID) so that it names the
    existing RAM user.
    """

    code = "CFG411"
    name = "ram-user-not-found"
    severity = Severity.ERROR
    fix = f"Create the RAM user ({RAM_USERS} > Create User), or send its name ({ENTRA_CLAIMS})."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        users = cctx.config.users
        if not users:
            return
        names = {u.name.lower() for u in users}
        for report, value in cctx.user_sso_logins():
            name = logon_name(value)
            if name.user.lower() in names:
                continue
            if GUID.fullmatch(name.user):  # an object ID: no RAM user is called that
                yield self.finding(
                    f"{report.capture.source} signs in as {value!r}, an opaque identifier "
                    "(Entra's user.objectid), not a RAM user name: no RAM user can have it. "
                    f"Send the RAM logon name, <user name>@<alias>{DEFAULT_DOMAIN_SUFFIX} or "
                    "@ the account's domain alias.",
                    evidence={"name_id": value, "user": name.user, "opaque": True},
                    fix=f"Send the RAM user's logon name as the NameID ({ENTRA_CLAIMS}).",
                )
                continue
            truncated = cctx.config.users_truncated
            shown = ", ".join(sorted(u.name for u in users)[:10])
            more = " (a truncated list: the user may be on a later page)" if truncated else ""
            yield self.finding(
                f"{report.capture.source} signs in as {value!r}, but no RAM user "
                f"{name.user!r} is among the {len(users)} users given ({shown}){more}.",
                severity=Severity.WARNING if truncated else None,
                evidence={"name_id": value, "user": name.user, "users": sorted(names)},
            )
