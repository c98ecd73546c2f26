from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.signature.verify import Outcome
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class SignatureInvalid(Rule):
    """SIG102 signature-invalid

    ## What it checks
    Every signature on the Response or the consumed Assertion is verified with python-xmlsec
    against the trusted certificates (then the embedded one, to tell the cases apart). It
    fails when the digest or the SignatureValue does not verify, or when the signature breaks
    the SAML signature profile (more than one Reference, transforms other than
    enveloped-signature and canonicalization, unknown algorithms).

    ## Why it breaks the login
    Alibaba Cloud verifies the signature with the certificate in the metadata uploaded to
    RAM. Any change after signing (a proxy rewriting the XML, pretty-printing, an edited
    attribute) or a signature made by another key makes it reject the response.

    ## Example
    The RoleSessionName changed by hand after Entra signed the assertion: "digest mismatch".

    ## How to fix
    If the digest mismatches, something modified the response after Entra signed it: remove
    that component and capture again. If the digest matches but the value does not verify,
    the signing key is not the one you trust: download Entra's current Federation Metadata
    XML and upload it to the RAM identity provider (RAM console > SSO > the IdP > Modify).
    """

    code = "SIG102"
    name = "signature-invalid"
    severity = Severity.ERROR
    fix = (
        "Find what modified the response after signing; if nothing did, give {sp_trust} {metadata}."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        for check in ctx.verification.checks:
            if check.outcome is Outcome.INVALID:
                embedded = [c.sha256 for c in check.info.certificates]
                yield self.finding(
                    f"The {check.info.parent} signature does not verify: {check.reason}.",
                    evidence={
                        "signature": check.info.path,
                        "reason": check.reason,
                        "embedded_certificates_sha256": embedded,
                    },
                )
