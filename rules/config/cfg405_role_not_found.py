from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.config import RamProvider, RamRole
from samlscope.facts import consoles
from samlscope.rules.config._base import ConfigContext, ConfigRule, entra_app_roles
from samlscope.rules.engine import Finding, Severity


def _fix(cloud: str) -> str:
    service = consoles(cloud).service
    return (
        f"Use the ARNs {service} shows, or create the missing object in {service}: "
        f"{entra_app_roles(cloud)}."
    )


MAX_LISTED = 10
"""Candidates a finding lists at most ("and N more"): a tenant with thousands of roles must not
turn each finding into a listing of all of them."""


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    more = len(names) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


class _Known:
    """One cloud's roles and providers as the findings name them: worked out once per cloud,
    not once per missing role (that made `check` quadratic in the tenant)."""

    def __init__(self, roles: list[RamRole], providers: list[RamProvider]) -> None:
        self.roles = roles
        self.providers = providers
        self.some_roles = _some([r.arn or "" for r in roles])
        self.some_providers = _some([p.arn or "" for p in providers])
        self.provider_by_lower: dict[str, str] = {}
        for p in providers:
            if p.arn:
                self.provider_by_lower.setdefault(p.arn.lower(), p.arn)

    @classmethod
    def of(cls, cctx: ConfigContext, cloud: str) -> _Known:
        return cls(
            [r for r in cctx.config.roles if r.arn and r.cloud == cloud],
            [p for p in cctx.config.providers if p.arn and p.cloud == cloud],
        )


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

    On AWS the same holds for IAM roles and SAML providers (`aws iam get-role` / `list-roles`,
    `list-saml-providers`; IAM console > Roles, IAM console > Identity providers): AWS answers
    "Not authorized to perform sts:AssumeRoleWithSAML" for a role or provider that does not
    exist. Source: AWS, "Troubleshoot SAML 2.0 federation with AWS"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html). Objects of one
    cloud are only compared with objects of the same cloud.
    """

    code = "CFG405"
    name = "role-not-found"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        seen: set[str] = set()
        by_cloud: dict[str, _Known] = {}
        for used in cctx.used_pairs():
            v = used.value
            service = consoles(used.cloud).service
            if used.cloud not in by_cloud:  # listed once per cloud, not once per app role
                by_cloud[used.cloud] = _Known.of(cctx, used.cloud)
            known = by_cloud[used.cloud]
            roles, providers = known.roles, known.providers
            if v.role and roles and cctx.role_by_arn(v.role.group(0)) is None:
                arn = v.role.group(0)
                if arn.lower() not in seen:
                    seen.add(arn.lower())
                    yield self.finding(
                        f"{used.where} names the role {arn!r}, which is not among the "
                        f"{service} roles given ({len(roles)}: {known.some_roles}).",
                        evidence={
                            "role": arn,
                            "known_roles": [r.arn for r in roles[:MAX_LISTED]],
                            "known_role_count": len(roles),
                        },
                        fix=_fix(used.cloud),
                    )
            if v.provider and providers and cctx.provider_by_arn(v.provider.group(0)) is None:
                arn = v.provider.group(0)
                if arn in seen:
                    continue
                seen.add(arn)
                near = known.provider_by_lower.get(arn.lower())
                detail = (
                    f"{service} has {near!r}, which differs only in letter case (provider "
                    "names are case-sensitive)"
                    if near
                    else f"{service} has {known.some_providers}"
                )
                yield self.finding(
                    f"{used.where} names the identity provider {arn!r}, which does not exist: "
                    f"{detail}.",
                    evidence={
                        "provider": arn,
                        "known_providers": [p.arn for p in providers[:MAX_LISTED]],
                        "known_provider_count": len(providers),
                    },
                    fix=_fix(used.cloud),
                )
