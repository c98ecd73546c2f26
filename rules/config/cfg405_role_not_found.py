from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.config._base import ENTRA_APP_ROLES, ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity


class RoleNotFound(ConfigRule):
    """CFG405 role-not-found

    ## What it checks
    That every Role value (of an app role or a captured login) names a RAM role and an
    identity provider that exist among the RAM objects given (`GetRole`/`ListRoles`,
    `GetSAMLProvider`/`ListSAMLProviders`). A provider name that differs only in letter case
    counts as missing (`AAD` is not `aad`); a role name does not, because role ARNs are
    lower-case by definition (RoleName `AADrole` has the ARN `role/aadrole`).

    ## Why it breaks the login
    Alibaba Cloud looks the role and the provider up by these ARNs; a name that does not exist
    fails with an error such as "Cannot find the SAML identity provider with ARN". Source:
    Alibaba Cloud, "AssumeRoleWithSAML"
    (https://www.alibabacloud.com/help/en/ram/api-assumerolewithsaml).

    ## Example
    The app role says `saml-provider/AzureAD`; RAM lists only `saml-provider/AAD`.

    ## How to fix
    Correct the Value in Entra admin center > App registrations > the Alibaba Cloud app > App
    roles to the ARNs RAM shows (RAM console > SSO > Role-based SSO for the provider, Identities
    > Roles for the role), or create the missing role or provider in RAM.
    """

    code = "CFG405"
    name = "role-not-found"
    severity = Severity.ERROR
    fix = f"Use the ARNs RAM shows, or create the missing object in RAM: {ENTRA_APP_ROLES}."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        roles = [r for r in cctx.config.roles if r.arn]
        providers = [p for p in cctx.config.providers if p.arn]
        seen: set[str] = set()
        for used in cctx.used_pairs():
            v = used.value
            if v.role and roles and cctx.role_by_arn(v.role.group(0)) is None:
                arn = v.role.group(0)
                if arn.lower() not in seen:
                    seen.add(arn.lower())
                    known = ", ".join(r.arn or "" for r in roles)
                    yield self.finding(
                        f"{used.where} names the role {arn!r}, which is not among the RAM roles "
                        f"given ({known}).",
                        evidence={"role": arn, "known_roles": [r.arn for r in roles]},
                    )
            if v.provider and providers and cctx.provider_by_arn(v.provider.group(0)) is None:
                arn = v.provider.group(0)
                if arn in seen:
                    continue
                seen.add(arn)
                near = [p.arn for p in providers if p.arn and p.arn.lower() == arn.lower()]
                detail = (
                    f"RAM has {near[0]!r}, which differs only in letter case (provider names "
                    "are case-sensitive)"
                    if near
                    else f"RAM has {', '.join(p.arn or '' for p in providers)}"
                )
                yield self.finding(
                    f"{used.where} names the identity provider {arn!r}, which does not exist: "
                    f"{detail}.",
                    evidence={"provider": arn, "known_providers": [p.arn for p in providers]},
                )
