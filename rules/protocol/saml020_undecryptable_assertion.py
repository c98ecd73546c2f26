from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

_FIX = {
    "wrong-key": "Give the private key of the encryption certificate the IdP encrypts for "
    "({encryption}), or deactivate assertion encryption there.",
    "algorithm": "Choose AES and RSA-OAEP for the assertion's encryption, or deactivate it: "
    "{encryption}.",
    "corrupt": "The capture was damaged (copied in part, re-encoded): take a new capture; if it "
    "recurs, deactivate token encryption ({encryption}).",
    "not-xml": "The decrypted content is not an assertion: take a new capture; if it recurs, "
    "deactivate token encryption ({encryption}).",
    "not-assertion": "The decrypted content is not an assertion: take a new capture; if it "
    "recurs, deactivate token encryption ({encryption}).",
}


class UndecryptableAssertion(Rule):
    """SAML020 undecryptable-assertion

    ## What it checks
    With an SP private key given (`--sp-key`, or the addon's `saml_sp_key`), that every
    EncryptedAssertion in the Response opens with it. When one does not, it says why: the
    EncryptedKey was made for another key (with the SHA-256 of both public keys when the
    message names its recipient's certificate), an encryption algorithm that is not supported
    (named), or data that is corrupted or does not decrypt to an assertion.

    ## Why it breaks the login
    An assertion that cannot be decrypted cannot be read: neither samlscope nor the service
    provider can see its subject, conditions or attributes, so nothing about the login can be
    judged and the SP refuses it. Encrypting for a key the SP does not hold is the usual cause:
    a token-encryption certificate uploaded in the IdP that is not the SP's.

    ## Example
    `<saml:EncryptedAssertion>` whose `xenc:EncryptedKey` names a certificate other than the
    one whose private key was given.

    ## How to fix
    Give the private key that belongs to the certificate uploaded for token encryption. For
    Alibaba Cloud, which documents no support for encrypted assertions, deactivate token
    encryption: Entra admin center > Enterprise applications > the app > Security > Token
    encryption. Reference: Microsoft, "Configure Microsoft Entra SAML token encryption"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/howto-saml-token-encryption).
    """

    code = "SAML020"
    name = "undecryptable-assertion"
    severity = Severity.ERROR
    fix = _FIX["wrong-key"]

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.message is not None
        for problem in ctx.message.decryption_problems:
            yield self.finding(
                problem.message + ".",
                evidence={"kind": problem.kind, "index": problem.position, **problem.evidence},
                fix=_FIX.get(problem.kind, self.fix),
            )
