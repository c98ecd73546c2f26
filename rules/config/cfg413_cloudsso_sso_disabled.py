from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_SSO = "CloudSSO console > Settings > SSO Logon"


class CloudSsoSsoDisabled(ConfigRule):
    """CFG413 cloudsso-sso-disabled

    ## What it checks
    That SSO logon through the external IdP is enabled for the CloudSSO directory
    (`aliyun cloudsso GetExternalSAMLIdentityProvider`: `SSOStatus` is `Enabled`), and that
    CloudSSO holds the IdP's metadata or certificate.

    ## Why it breaks the login
    With SSO logon disabled, CloudSSO accepts no SAML login from the IdP, however right the
    response is: users sign in with CloudSSO passwords only. Without the IdP's certificate no
    signature can be verified. Source: Alibaba Cloud, "GetExternalSAMLIdentityProvider"
    (https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getexternalsamlidentityprovider).

    ## Example
    `{"SAMLIdentityProviderConfiguration": {"SSOStatus": "Disabled", ...}}`.

    ## How to fix
    In the CloudSSO console > Settings > SSO Logon, configure the IdP (upload its metadata
    file) and enable SSO logon.
    """

    code = "CFG413"
    name = "cloudsso-sso-disabled"
    severity = Severity.ERROR
    fix = f"Configure the IdP and enable SSO logon: {_SSO}."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for directory in cctx.config.directories:
            if directory.sso_enabled is False:
                yield self.finding(
                    f"SSO logon is disabled for {directory.directory_id or 'the directory'} "
                    f"({directory.source}, SSOStatus Disabled): CloudSSO refuses every SAML "
                    "login from the IdP.",
                    evidence={"source": directory.source, "sso_enabled": False},
                )
        sources = {d.source for d in cctx.config.directories}
        for provider in cctx.config.providers:
            held = provider.metadata is not None and provider.metadata.certificates
            if provider.source in sources and not held:
                yield self.finding(
                    f"{provider.source} holds no IdP metadata or certificate: no login's "
                    "signature can be verified.",
                    evidence={"source": provider.source, "metadata": None},
                )
