from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.message.names import SUCCESS
from samlscope.decoder.signature.verify import SignatureStatus
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class Unsigned(Rule):
    """SIG101 unsigned

    ## What it checks
    That some signature on the Response or on the consumed Assertion exists. Signatures
    elsewhere (inside Advice, or around a copied element) do not count.

    ## Why it breaks the login
    Alibaba Cloud requires the assertion to be signed with the key from the IdP metadata
    uploaded to RAM (Alibaba Cloud, "SAML assertion attributes for role-based SSO"; its SP
    metadata says WantAssertionsSigned="true"). An unsigned response is rejected, whatever it
    claims.

    ## Example
    A response rebuilt by a test script, or one whose `<ds:Signature>` a proxy stripped.

    ## How to fix
    In Entra admin center > Enterprise applications > Alibaba Cloud > Single sign-on > SAML
    Certificates > Edit, make sure a certificate is Active and Signing Option is
    "Sign SAML assertion" (or "Sign SAML response and assertion").
    """

    code = "SIG101"
    name = "unsigned"
    severity = Severity.ERROR
    fix = "Activate a signing certificate ({certificates}) and sign the assertion: {signing}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        response = ctx.response
        status_ok = response.status is None or response.status.code == SUCCESS
        if ctx.verification.status is SignatureStatus.UNSIGNED and (
            response.assertions or status_ok
        ):
            ignored = [c.info.path for c in ctx.verification.checks]
            yield self.finding(
                f"No signature covers the assertion {ctx.sp} would consume"
                + (
                    f" (signatures elsewhere are ignored: {', '.join(ignored)})."
                    if ignored
                    else "."
                ),
                evidence={"ignored_signatures": ignored},
            )
