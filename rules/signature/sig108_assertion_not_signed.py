from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class AssertionNotSigned(Rule):
    """SIG108 assertion-not-signed

    ## What it checks
    That the consumed Assertion carries its own verified signature, not only the Response
    around it.

    ## Why it breaks the login
    Alibaba Cloud's documentation says the whole Assertion element must be signed, and its SP
    metadata declares WantAssertionsSigned="true" (Alibaba Cloud, "SAML assertion attributes for
    role-based SSO"). Whether it also accepts a Response-only signature is not documented, so
    this is the likely cause when Entra's Signing Option was changed to "Sign SAML response".

    ## Example
    `<samlp:Response><ds:Signature/>…<saml:Assertion>` with no Signature inside the Assertion.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > SAML Certificates >
    Edit, set Signing Option to "Sign SAML assertion" (the default) or "Sign SAML response
    and assertion".
    """

    code = "SIG108"
    name = "assertion-not-signed"
    severity = Severity.ERROR
    alibaba_only = True
    fix = "Sign the assertion: {signing}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        verification = ctx.verification
        assert verification is not None
        if ctx.assertion is None:
            return
        response_ok = any(c.outcome.verified for c in verification.placed("response"))
        assertion_ok = any(c.outcome.verified for c in verification.placed("assertion"))
        if response_ok and not assertion_ok:
            yield self.finding(
                "Only the Response is signed; Alibaba Cloud documents that the Assertion itself "
                "must be signed (a Response-only signature is likely, though not documented to "
                "be, rejected)."
            )
