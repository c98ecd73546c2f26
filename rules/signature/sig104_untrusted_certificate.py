from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.signature.certs import colon_hex
from samlscope.decoder.signature.verify import Outcome
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class UntrustedCertificate(Rule):
    """SIG104 untrusted-certificate

    ## What it checks
    That the key that verifies the signature belongs to a certificate in the given Federation
    Metadata XML (every signing certificate in it counts) or `--idp-cert`. Both SHA-256
    thumbprints are shown, and the SHA-1 thumbprint Entra's portal displays.

    ## Why it breaks the login
    Alibaba Cloud trusts only the certificate in the IdP metadata uploaded to RAM. After Entra
    rolls its SAML signing certificate (new certificate made active, or the old one expired),
    responses are signed with a key RAM does not know, and every login fails until the new
    metadata is uploaded (Microsoft, "Manage certificates for federated single sign-on").

    ## Example
    Signed by thumbprint `9F:…` while the metadata in RAM lists only `3C:…`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > SAML Certificates,
    download "Federation Metadata XML"; in the RAM console > SSO > Role-based SSO > the
    identity provider, click Modify and upload it. Then check again with that file as
    `--idp-metadata`.
    """

    code = "SIG104"
    name = "untrusted-certificate"
    severity = Severity.ERROR
    fix = "Give {sp_trust} the IdP's current metadata: {metadata}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        trust = ctx.trust
        trusted = [a.cert.sha256 for a in trust.anchors if a.cert] if trust else []
        for check in ctx.verification.checks:
            if check.outcome is not Outcome.UNTRUSTED or check.signer is None:
                continue
            listed = ", ".join(colon_hex(t)[:23] + "…" for t in trusted) or "(bare keys)"
            yield self.finding(
                f"The {check.info.parent} is signed by certificate SHA-256 "
                f"{colon_hex(check.signer.sha256)} ({check.signer.subject}), which is not in "
                f"{trust.source if trust else 'the trust anchors'} (it lists {listed}).",
                evidence={
                    "signer_sha256": check.signer.sha256,
                    "signer_sha1_thumbprint": check.signer.sha1,
                    "signer_subject": check.signer.subject,
                    "trusted_sha256": trusted,
                },
            )
