from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class EncryptedAssertion(Rule):
    """SAML018 encrypted-assertion

    ## What it checks
    Whether the Response carries an `EncryptedAssertion`. With `--sp-key` (or the addon's
    `saml_sp_key`) samlscope decrypts it and analyses the assertion inside like any other;
    without it, it says that the claims cannot be read.

    ## Why it breaks the login
    Alibaba Cloud documents no support for encrypted assertions and publishes no encryption
    certificate for role-based SSO (neither Alibaba Cloud, "SAML assertion attributes for
    role-based SSO" nor Alibaba Cloud, "Configure Alibaba Cloud as a trusted SP for role-based
    SSO" mentions encryption). Entra encrypts only when "Token encryption" was activated for the
    app, with a certificate someone uploaded — Alibaba Cloud cannot hold its private key, so it
    cannot read the assertion.

    ## Example
    `<saml:EncryptedAssertion><xenc:EncryptedData …>` in place of `<saml:Assertion>`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Security > Token encryption, deactivate
    the token-encryption certificate.
    """

    code = "SAML018"
    name = "encrypted-assertion"
    severity = Severity.WARNING
    fix = "Turn assertion encryption off for this application: {encryption}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.message is not None
        decrypted = ctx.message.decrypted_assertions
        remaining = ctx.response.encrypted_assertions
        if not decrypted and not remaining:
            return
        note = ctx.profile.encryption_note
        message = "The assertion is encrypted." + (f" {note}" if note else "")
        if decrypted:
            message += " samlscope decrypted it with the SP key given and analysed its content."
        elif remaining and not ctx.message.decryption_problems:
            message += " Give the SP private key (--sp-key) to read the claims inside."
        yield self.finding(message, evidence={"decrypted": decrypted, "still_encrypted": remaining})
