from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba_user_sso import ENTRA_CLAIMS, RAM_DOMAINS, RAM_USER_SSO, logon_name
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity


class NameIdDomainMismatch(ConfigRule):
    """CFG410 name-id-domain-mismatch

    ## What it checks
    For each captured login to Alibaba Cloud's user-based SSO endpoint: that the NameID's form
    and domain match the account's configuration, read from `aliyun ims GetUserSsoSettings`
    (SsoLoginWithDomain, AuxiliaryDomain), `aliyun ims GetDefaultDomain` and the RAM users'
    logon names (`GetUser` / `ListUsers`, whose UserPrincipalName suffixes are the default
    domain or the domain alias). With "SSO login with domain" on (the default) the NameID is
    `user@domain`, the domain being the default `<alias>.onaliyun.com`, the domain alias, or
    the auxiliary domain while no domain alias exists; with it off, the user name alone.

    ## Why it breaks the login
    RAM looks the user up by the NameID's logon name; any other domain, the auxiliary domain
    once a domain alias exists, or a domain when the setting forbids one, gives "The user does
    not exist". The usual Entra mistake: the Entra UPN `alice@contoso.com` is sent while the
    account knows only `contoso.onaliyun.com`. Sources: Alibaba Cloud, "SAML response for
    user-based SSO"
    (https://github.com/AlibabaCloudDocs/ram/blob/master/intl.en-US/SSO%20Management/User-based%20SSO/SAML%20response%20for%20user-based%20SSO.md)
    and "GetUserSsoSettings"
    (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getuserssosettings).

    ## Example
    NameID `alice@contoso.com`; the account's default domain is `contoso.onaliyun.com`, there is
    no domain alias and the auxiliary domain is `contoso.cn`.

    ## How to fix
    In Entra admin center > the app > Single sign-on > Attributes & Claims > Unique User
    Identifier (Name ID), send `user@<default domain>` (a transformation:
    `ExtractMailPrefix(user.userprincipalname)` + `@<alias>.onaliyun.com`), or make the Entra
    domain the account's domain alias (RAM console > Identities > Settings > Domain Name
    Management) or its auxiliary domain (RAM console > SSO > User-based SSO).
    """

    code = "CFG410"
    name = "name-id-domain-mismatch"
    severity = Severity.ERROR
    fix = (
        f"Send the NameID in a domain the account has ({ENTRA_CLAIMS}), or add the domain as "
        f"the domain alias ({RAM_DOMAINS}) or auxiliary domain ({RAM_USER_SSO})."
    )

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        settings = next(iter(cctx.config.user_sso), None)
        with_domain = settings.login_with_domain if settings else True
        aux = settings.auxiliary_domain if settings else None
        defaults, aliases = cctx.account_domains()
        allowed = defaults | aliases | ({aux} if aux and not aliases else set())
        for report, value in cctx.user_sso_logins():
            name = logon_name(value)
            where = report.capture.source
            evidence: dict[str, object] = {
                "login": where,
                "name_id": value,
                "sso_login_with_domain": with_domain,
                "default_domains": sorted(defaults),
                "domain_aliases": sorted(aliases),
                "auxiliary_domain": aux,
            }
            if settings is not None and not with_domain and name.domain is not None:
                yield self.finding(
                    f"{where} sends NameID {value!r} with a domain, but 'SSO login with domain' "
                    "(SsoLoginWithDomain) is off: RAM expects the user name alone "
                    f"({name.user!r}).",
                    evidence=evidence,
                    fix=f"Send the user name alone ({ENTRA_CLAIMS}), or turn 'SSO login with "
                    f"domain' on ({RAM_USER_SSO}).",
                )
                continue
            if name.domain is None:
                if settings is not None and with_domain:
                    yield self.finding(
                        f"{where} sends NameID {value!r} without a domain, but 'SSO login with "
                        "domain' (SsoLoginWithDomain) is on: RAM expects user@domain.",
                        evidence=evidence,
                    )
                continue
            if aux and name.domain == aux and aliases:
                yield self.finding(
                    f"{where} sends NameID {value!r} in the auxiliary domain {aux!r}, which "
                    "RAM does not accept once a domain alias exists "
                    f"({', '.join(sorted(aliases))}).",
                    evidence=evidence,
                )
                continue
            if allowed and name.domain not in allowed:
                usual = (
                    " This is the usual Entra mistake: the Entra UPN is sent where RAM expects "
                    f"{name.user}@{sorted(defaults)[0]}."
                    if defaults and not name.domain.endswith(".onaliyun.com")
                    else ""
                )
                yield self.finding(
                    f"{where} sends NameID {value!r}, but {name.domain!r} is none of the "
                    f"account's domains ({', '.join(sorted(allowed))}).{usual}",
                    evidence=evidence,
                )
