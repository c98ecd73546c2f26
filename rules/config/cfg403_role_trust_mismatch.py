from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.config import TrustStatement
from samlscope.facts import consoles, sibling_sites, site_profile
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity


def _fix(cloud: str) -> str:
    w = consoles(cloud)
    return f"Name the {w.provider}'s ARN exactly, with {w.action}: {w.trust}."


def _allows(statement: TrustStatement, action: str) -> bool:
    return statement.effect.lower() == "allow" and any(
        a.lower() in (action.lower(), "sts:*", "*") for a in statement.actions
    )


class RoleTrustMismatch(ConfigRule):
    """CFG403 role-trust-mismatch

    ## What it checks
    That the trust policy of each RAM role (from `aliyun ram GetRole`) allows `sts:AssumeRole`
    for the identity provider ARN that the app roles or the logins pair with it, exactly (the
    provider name is case-sensitive). As a warning: that its `saml:recipient` condition names
    the ACS of the site the login goes to.

    ## Why it breaks the login
    Alibaba Cloud lets the SAML user assume the role only when the role's trust policy names
    the provider the assertion came through. A policy that names `AAD` while the app role says
    `aad` rejects every login with that role. The recipient condition is less certain: older
    international-site documents and many Terraform samples write `signin.aliyun.com` there,
    so a site mismatch is a warning. Source: Alibaba Cloud, "AssumeRoleWithSAML"
    (https://www.alibabacloud.com/help/en/ram/api-assumerolewithsaml).

    ## Example
    `"Principal": {"Federated": ["acs:ram::1234567890123456:saml-provider/aad"]}` while the
    Role value ends in `saml-provider/AAD`.

    ## How to fix
    In the RAM console > Identities > Roles > the role > Trust Policy, name the provider ARN
    exactly as RAM lists it (SSO > Role-based SSO), with `sts:AssumeRole`.

    On AWS (`aws iam get-role` / `list-roles`) the trust policy must allow
    `sts:AssumeRoleWithSAML` (not `sts:AssumeRole`) for the SAML provider's ARN; otherwise AWS
    answers "Not authorized to perform sts:AssumeRoleWithSAML". Fix in IAM console > Roles >
    the role > Trust relationships > Edit trust policy. Source: AWS, "Create a role for a
    third-party identity provider (federation)"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html) and
    "Troubleshoot SAML 2.0 federation with AWS"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html).
    """

    code = "CFG403"
    name = "role-trust-mismatch"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        checked: set[tuple[str, str]] = set()
        for used in cctx.used_pairs():
            value = used.value
            if value.problems or not value.role or not value.provider:
                continue
            role = cctx.role_by_arn(value.role.group(0))
            provider_arn = value.provider.group(0)
            if role is None or role.statements is None:
                continue
            key = (role.arn or role.name, provider_arn)
            if key in checked:
                continue
            checked.add(key)
            w = consoles(role.cloud)
            allowing = [st for st in role.statements if _allows(st, w.action)]
            trusted = [f for st in allowing for f in st.federated]
            if provider_arn in trusted:
                yield from self._recipient(cctx, role.name, role.cloud, allowing)
                continue
            near = [f for f in trusted if f.lower() == provider_arn.lower()]
            other_action = sorted(
                {
                    a
                    for st in role.statements
                    if st.effect.lower() == "allow" and provider_arn in st.federated
                    for a in st.actions
                }
            )
            if near:
                detail = (
                    f"it names {near[0]!r}, which differs only in letter case (provider names "
                    "are case-sensitive)"
                )
            elif other_action:
                detail = (
                    f"it trusts the provider for {', '.join(other_action)} only, but a SAML "
                    f"sign-in needs {w.action}"
                )
            else:
                detail = f"it trusts {', '.join(map(repr, trusted)) or 'no identity provider'}"
            yield self.finding(
                f"The trust policy of {w.role} {role.name!r} does not allow "
                f"{w.action} for "
                f"{provider_arn!r}, which {used.where} pairs with it: {detail}.",
                evidence={"role": role.arn, "provider": provider_arn, "trusted": trusted},
                fix=_fix(role.cloud),
            )

    def _recipient(
        self, cctx: ConfigContext, role: str, cloud: str, statements: list[TrustStatement]
    ) -> Iterator[Finding]:
        """A saml:recipient that names another site of the role's own cloud."""
        if cctx.site is None or site_profile(cctx.site).cloud != cloud:
            return
        here = site_profile(cctx.site)
        recipients = [r for st in statements for r in st.recipients]
        others = [p for p in sibling_sites(here) if p.role_acs]
        other = next(
            (
                p
                for p in others
                if recipients
                and all(r.rstrip("/").lower() == str(p.role_acs).lower() for r in recipients)
            ),
            None,
        )
        if other is not None:
            said = here.consoles
            trust = said.trust if said else "the role's trust policy"
            yield self.finding(
                f"The trust policy of {said.role if said else 'the role'} {role!r} "
                f"restricts saml:recipient to {recipients[0]!r}, the {other.site_name} site's "
                f"ACS, while the login goes to the {here.site_name} site ({here.role_acs}). Older "
                "international-site documents and many Terraform samples use "
                "signin.aliyun.com there, so this may be accepted; if logins fail with this "
                "role, change it.",
                severity=Severity.WARNING,
                evidence={"role": role, "recipients": recipients, "site": cctx.site},
                fix=f"Set the saml:recipient condition to {here.role_acs}: {trust}.",
            )
