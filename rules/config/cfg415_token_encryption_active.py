from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import cloud_profiles
from samlscope.facts.idps import ENTRA
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_SETTING = ENTRA.settings["encryption"]


class TokenEncryptionActive(ConfigRule):
    """CFG415 token-encryption-active

    ## What it checks
    For each Entra application given (a Graph application or servicePrincipal): whether
    `tokenEncryptionKeyId` names an active token-encryption certificate while the application
    signs in to a service provider that documents no way to decrypt an assertion (Alibaba
    Cloud).

    ## Why it breaks the login
    With token encryption active, Entra sends an `EncryptedAssertion` encrypted to the
    certificate someone uploaded. Alibaba Cloud documents no support for encrypted assertions
    and holds no private key to decrypt one, so it cannot read the Role or the NameID (a
    capture shows SAML018). Sources: Microsoft, "Configure Microsoft Entra SAML token
    encryption"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/howto-saml-token-encryption)
    and Microsoft Graph, "servicePrincipal resource type"
    (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal).

    ## Example
    `"tokenEncryptionKeyId": "0b2f5b9e-…"` on the Alibaba Cloud application.

    ## How to fix
    In Entra admin center > Enterprise applications > the app > Security > Token encryption,
    deactivate the token-encryption certificate.
    """

    code = "CFG415"
    name = "token-encryption-active"
    severity = Severity.WARNING
    fix = f"Deactivate the token-encryption certificate: {_SETTING}."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for app in cctx.config.apps:
            if app.token_encryption_key is None:
                continue
            refusing = [p for p in cloud_profiles(app.cloud) if not p.takes_encrypted]
            if not refusing:
                continue  # an SP that can hold a decryption key (AWS with a private key)
            title = refusing[0].title or app.cloud
            yield self.finding(
                f"{app.name or 'The Entra application'} ({app.source}) encrypts its assertions "
                f"(token-encryption key {app.token_encryption_key}), but {title} documents no "
                "way to decrypt them: it cannot read the Role or the NameID.",
                evidence={
                    "source": app.source,
                    "app": app.name,
                    "tokenEncryptionKeyId": app.token_encryption_key,
                },
            )
