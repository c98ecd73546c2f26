from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts.alibaba_user_sso import RAM_USER_SSO
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity


class UserSsoDisabled(ConfigRule):
    """CFG409 user-sso-disabled

    ## What it checks
    That user-based SSO is switched on (`aliyun ims GetUserSsoSettings`:
    `UserSsoSettings.SsoEnabled`), and that it holds an IdP metadata document.

    ## Why it breaks the login
    With user-based SSO off, Alibaba Cloud accepts no SAML login of a RAM user, however right
    the response is: every user-SSO login fails, and RAM users sign in with their passwords
    only. Without metadata, no signature can be verified. Source: Alibaba Cloud,
    "GetUserSsoSettings"
    (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getuserssosettings).

    ## Example
    `{"UserSsoSettings": {"SsoEnabled": false, ...}}`.

    ## How to fix
    In the RAM console > SSO > User-based SSO, edit the SSO settings: set SSO Status to
    Enabled and upload the IdP's metadata file (Entra's Federation Metadata XML).
    """

    code = "CFG409"
    name = "user-sso-disabled"
    severity = Severity.ERROR
    fix = f"Set SSO Status to Enabled and upload the IdP metadata: {RAM_USER_SSO} > Edit."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        logins = len(cctx.user_sso_logins())
        tail = f" ({logins} captured user-SSO login(s) cannot succeed)" if logins else ""
        for settings in cctx.config.user_sso:
            if settings.enabled is False:
                yield self.finding(
                    f"User-based SSO is switched off in {settings.source} (SsoEnabled false): "
                    f"Alibaba Cloud refuses every SAML login of a RAM user{tail}.",
                    evidence={"source": settings.source, "sso_enabled": False},
                )
            elif settings.metadata is None:
                yield self.finding(
                    f"User-based SSO in {settings.source} holds no IdP metadata "
                    "(MetadataDocument is empty): no login's signature can be verified.",
                    evidence={"source": settings.source, "metadata": None},
                )
