from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import consoles
from samlscope.facts.idps import ENTRA
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_CERTIFICATES = ENTRA.settings["certificates"]


class SigningKeyNotHeld(ConfigRule):
    """CFG417 signing-key-not-held

    ## What it checks
    For each Entra service principal given: that the certificate Entra signs with
    (`preferredTokenSigningKeyThumbprint`, the Active certificate under SAML Certificates) is
    among the certificates the cloud's identity provider holds (RAM's GetSAMLProvider, IAM's
    get-saml-provider, CloudSSO's GetExternalSAMLIdentityProvider).

    ## Why it breaks the login
    The service provider verifies each response's signature with the certificates in the
    metadata it holds. When Entra signs with a certificate the provider does not hold (a new
    certificate made active, or a rollover), every login fails signature verification at the
    cloud. Sources: Microsoft, "Manage certificates for federated single sign-on"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on)
    and Microsoft Graph, "servicePrincipal resource type"
    (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal).

    ## Example
    `"preferredTokenSigningKeyThumbprint": "6A2D…"` while RAM holds the metadata of the
    certificate `9F41…`.

    ## How to fix
    Download the Federation Metadata XML (Entra admin center > Enterprise applications > the
    app > Single sign-on > SAML Certificates) and upload it to the cloud's identity provider,
    or make the certificate the provider holds Active again in Entra.
    """

    code = "CFG417"
    name = "signing-key-not-held"
    severity = Severity.ERROR
    fix = (
        f"Upload the app's current Federation Metadata XML ({_CERTIFICATES}) to the cloud's "
        "identity provider, or make the held certificate Active again."
    )

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for app in cctx.config.apps:
            thumbprint = app.preferred_thumbprint
            if thumbprint is None:
                continue
            for provider in cctx.config.providers:
                if provider.cloud != app.cloud or provider.metadata is None:
                    continue
                held = [c.sha1 for c in provider.metadata.certificates]
                if not held or thumbprint in held:
                    continue
                where = consoles(app.cloud).upload if app.cloud else "the provider"
                yield self.finding(
                    f"{app.name or 'The Entra application'} ({app.source}) signs with the "
                    f"certificate {thumbprint}, but {provider.name or provider.source} "
                    f"({provider.source}) holds only {', '.join(held)}: the cloud cannot "
                    "verify any login's signature.",
                    evidence={
                        "source": app.source,
                        "preferredTokenSigningKeyThumbprint": thumbprint,
                        "provider": provider.source,
                        "held_sha1": held,
                    },
                    fix=f"Upload the app's current Federation Metadata XML ({_CERTIFICATES}) "
                    f"to {where}, or make the held certificate Active again in Entra.",
                )
