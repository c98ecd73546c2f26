from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba import ROLES
from samlscope.facts.alibaba_user_sso import (
    DEFAULT_DOMAIN_SUFFIX,
    ENTRA_INITIAL_DOMAIN,
    GUID,
    RAM_USER_SSO,
    USER_NAME,
    logon_name,
)
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class NameIdNotLogonName(Rule):
    """ALI312 name-id-not-logon-name

    ## What it checks
    On Alibaba Cloud's user-based SSO endpoint (`…/saml/SSO`): that the NameID can be a RAM
    user's logon name, `<user name>@<domain>`, with a user name of up to 64 letters, digits,
    `.`, `_` and `-`. It is an error when the NameID is an Entra object ID or another opaque
    identifier, or when the user name part is not a RAM user name. It is a warning without a
    domain (that works only when "SSO login with domain" is off), and information when the
    domain is not the account's default `*.onaliyun.com` domain: then it must be the account's
    domain alias or its auxiliary domain (`samlscope check` with GetUserSsoSettings and the RAM
    users confirms which). That includes an Entra tenant's initial `*.onmicrosoft.com` domain:
    the auxiliary domain is a free string, so it may be exactly that domain, and from the
    response alone that is not an error.

    ## Why it breaks the login
    User-based SSO signs in the RAM user whose logon name equals the NameID: the default
    domain `<alias>.onaliyun.com` always works, a domain alias or the auxiliary domain only when
    configured, and the auxiliary domain not once a domain alias exists. Any other NameID fails
    with "The user does not exist". The usual Entra mistake is sending the Entra UPN
    (`alice@contoso.com`) where RAM expects `alice@contoso.onaliyun.com`. Sources: Alibaba
    Cloud, "SAML response for user-based SSO"
    (https://github.com/AlibabaCloudDocs/ram/blob/master/intl.en-US/SSO%20Management/User-based%20SSO/SAML%20response%20for%20user-based%20SSO.md),
    "FAQ about SSO"
    (https://www.alibabacloud.com/help/en/resource-access-management/latest/faq-about-sso) and
    "GetUserSsoSettings"
    (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getuserssosettings).

    ## Example
    NameID `3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b` (Entra's `user.objectid`), or `Zhang San@x`.

    ## How to fix
    In Entra admin center > Enterprise applications > the app > Single sign-on > Attributes &
    Claims > Unique User Identifier (Name ID), send the RAM logon name: `user.userprincipalname`
    when the UPN suffix is the account's domain alias, or a transformation
    (`ExtractMailPrefix(user.userprincipalname)` joined with `@<alias>.onaliyun.com`). Or make
    the Entra domain the account's domain alias (RAM console > Identities > Settings > Domain
    Name Management) or auxiliary domain (RAM console > SSO > User-based SSO).
    """

    code = "ALI312"
    name = "name-id-not-logon-name"
    severity = Severity.ERROR
    fix = (
        "Send the RAM user's logon name as the NameID ({name_id}), or make the domain "
        f"the account's domain alias or auxiliary domain ({RAM_USER_SSO})."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.endpoint_kind != "user" or ctx.assertion is None:  # the family: Alibaba's only
            return
        if ctx.assertion.attribute(ROLES.role) is not None:
            return  # a role-SSO assertion on the user-SSO endpoint: ALI310 says so
        name_id = ctx.assertion.name_id
        if name_id is None or not name_id.value.strip():
            return  # SAML015
        name = logon_name(name_id.value)
        evidence = {"name_id": name_id.value, "format": name_id.format}
        if GUID.fullmatch(name.user) or (name.domain is None and len(name.user) > 40):
            yield self.finding(
                f"The NameID {name_id.value!r} is an opaque identifier (an object ID or a "
                "persistent ID), not a RAM user's logon name: RAM expects "
                f"<user name>@<alias>{DEFAULT_DOMAIN_SUFFIX} (the account's default domain), or "
                "<user name>@ the account's domain alias or auxiliary domain.",
                evidence=evidence,
                fix="Send the RAM logon name as the NameID ({name_id}).",
            )
            return
        if not USER_NAME.fullmatch(name.user):
            yield self.finding(
                f"The user name part {name.user!r} of the NameID is not a RAM user name (up to "
                "64 letters, digits, '.', '_' and '-').",
                evidence=evidence,
            )
            return
        if name.domain is None:
            yield self.finding(
                f"The NameID {name_id.value!r} has no domain: RAM accepts that only when "
                "user-based SSO's 'SSO login with domain' (SsoLoginWithDomain) is off; by "
                "default it expects user@<domain>.",
                severity=Severity.WARNING,
                evidence=evidence,
                fix="Send user@<default domain or domain alias> ({name_id}), or turn "
                f"'SSO login with domain' off ({RAM_USER_SSO}).",
            )
            return
        if name.domain.endswith(ENTRA_INITIAL_DOMAIN):
            yield self.finding(
                f"The NameID {name_id.value!r} carries the Entra tenant's initial domain "
                f"{name.domain!r}. It signs in only if that is the account's auxiliary domain "
                "(a free string, which can be exactly this domain) and no domain alias exists; "
                f"otherwise RAM expects {name.user}@<alias>{DEFAULT_DOMAIN_SUFFIX} or the "
                "account's domain alias (samlscope check with GetUserSsoSettings confirms "
                "which).",
                severity=Severity.INFO,
                evidence=evidence,
            )
        elif not name.domain.endswith(DEFAULT_DOMAIN_SUFFIX):
            yield self.finding(
                f"The NameID {name_id.value!r} uses the domain {name.domain!r}, not the "
                f"account's default *{DEFAULT_DOMAIN_SUFFIX} domain: it signs in only if "
                f"{name.domain!r} is the account's domain alias, or its auxiliary domain while "
                "no domain alias exists (samlscope check with GetUserSsoSettings and the RAM "
                "users confirms which).",
                severity=Severity.INFO,
                evidence=evidence,
            )
