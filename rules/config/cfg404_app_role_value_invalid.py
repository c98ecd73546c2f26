from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import ROLE_CLOUDS, words
from samlscope.facts.idps import ENTRA_DEFAULT_ROLES
from samlscope.facts.roles import grammar_for, parse_role
from samlscope.rules.config._base import ConfigContext, ConfigRule, entra_app_roles
from samlscope.rules.engine import Finding, Severity


def _fix(cloud: str) -> str:
    w = words(cloud)
    order = " (role first)" if w.order_required else ""
    return f"Set the Value to '{w.pair}'{order}: {entra_app_roles(cloud)}."


class AppRoleValueInvalid(ConfigRule):
    """CFG404 app-role-value-invalid

    ## What it checks
    Each app role of the Alibaba Cloud application in Entra (from the manifest, `az ad app
    show`, or a Graph application or servicePrincipal): its Value must be exactly `RAM role
    ARN,IdP ARN`, two `acs:ram` ARNs of one account, role first, no spaces. An application
    whose only roles are the defaults (`User`, `msiam_access`) is reported too.

    ## Why it breaks the login
    Entra sends the Value of the user's app role as the Role attribute. Alibaba Cloud's
    walkthrough: "The value must use the format RAM role ARN,IdP ARN. An incorrect order will
    cause the SSO to fail." Only the users assigned to the broken role fail, which makes the
    ticket look user-specific. A user with only a default role gets no Role at all. Source:
    Alibaba Cloud, "Implement role-based SSO from Microsoft Entra ID to Alibaba Cloud"
    (https://www.alibabacloud.com/help/en/ram/implement-role-based-sso-from-azure-ad).

    ## Example
    `acs:ram::1234567890123456:saml-provider/AAD,acs:ram::1234567890123456:role/aadrole`
    (reversed), or `arn:aws:iam::123456789012:role/x,...` (an AWS ARN).

    ## How to fix
    In Entra admin center > App registrations > the Alibaba Cloud app > App roles, edit the
    role's Value to `acs:ram::<account>:role/<role>,acs:ram::<account>:saml-provider/<IdP>`,
    then assign users to it (Enterprise applications > the app > Users and groups).

    The AWS app is judged the same way with IAM's grammar
    (`arn:aws:iam::<account>:role/<role>,arn:aws:iam::<account>:saml-provider/<provider>`,
    in the partition the Value names); AWS accepts either order, so a reversed pair is not
    reported there, and an `acs:ram` ARN copied from the Alibaba Cloud app is. Source: AWS,
    "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
    """

    code = "CFG404"
    name = "app-role-value-invalid"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for app in cctx.config.apps:
            if app.cloud not in ROLE_CLOUDS:
                continue  # an SP without role values (CloudSSO signs in its own users)
            w = words(app.cloud)
            usable = 0
            for role in app.roles:
                if not role.enabled:
                    continue
                value = role.value or ""
                if value.strip().lower() in ENTRA_DEFAULT_ROLES or not value.strip():
                    continue
                parsed = parse_role(value, grammar_for(app.cloud, value))
                problems = list(parsed.problems)
                if parsed.reversed and not problems and w.order_required:
                    problems.append("the IdP ARN comes first; an incorrect order makes SSO fail")
                if (
                    parsed.role
                    and parsed.provider
                    and parsed.role.group(1) != parsed.provider.group(1)
                ):
                    problems.append(
                        f"the role is in account {parsed.role.group(1)} but the IdP in "
                        f"{parsed.provider.group(1)}"
                    )
                if not problems:
                    usable += 1
                    continue
                yield self.finding(
                    f"App role {role.display_name!r} of {app.name or app.source!r} has the Value "
                    f"{value!r}: {'; '.join(problems)}.",
                    evidence={
                        "app": app.name,
                        "role": role.display_name,
                        "value": value,
                        "problems": problems,
                    },
                    fix=_fix(app.cloud),
                )
            if usable == 0 and app.roles:
                names = ", ".join(repr(r.display_name or r.value) for r in app.roles)
                cloud = words(app.cloud).cloud
                yield self.finding(
                    f"{app.name or app.source!r} has no usable {cloud} app role (only "
                    f"{names}): users assigned to it get no Role attribute.",
                    evidence={"app": app.name, "roles": [r.display_name for r in app.roles]},
                    fix=f"Create an app role whose Value is '{w.pair}' and assign "
                    f"the users to it: {entra_app_roles(app.cloud)}.",
                )
