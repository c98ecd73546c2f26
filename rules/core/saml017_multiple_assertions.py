from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class MultipleAssertions(Rule):
    """SAML017 multiple-assertions

    ## What it checks
    That the Response carries exactly one Assertion or EncryptedAssertion as its child.
    Assertions nested deeper (in Advice or Extensions) are counted in the evidence.

    ## Why it breaks the login
    Alibaba Cloud's documented response holds one assertion (Alibaba Cloud, "SAML assertion
    attributes for role-based SSO"). A second one is the classic shape of a signature-wrapping
    attack (a forged assertion next to the signed one), and validators such as python3-saml
    reject any response with more than one.

    ## Example
    `<samlp:Response><saml:Assertion ID="a1">…</saml:Assertion><saml:Assertion ID="a2">…`

    ## How to fix
    Entra ID sends one assertion. If the capture has two, something between Entra and the
    browser rewrote the response: treat it as tampered and capture the login again.
    """

    code = "SAML017"
    name = "multiple-assertions"
    severity = Severity.ERROR
    fix = "{Idp} sends one assertion: find what rewrote the response and capture it again."

    def check(self, ctx: Context) -> Iterator[Finding]:
        response = ctx.response
        plain, encrypted = len(response.assertions), response.encrypted_assertions
        if plain + encrypted > 1:
            yield self.finding(
                f"The Response carries {plain + encrypted} assertions ({plain} plain, "
                f"{encrypted} encrypted); exactly one is expected and only the first would be "
                "read.",
                evidence={
                    "assertions": plain,
                    "encrypted_assertions": encrypted,
                    "assertion_ids": [a.id for a in response.assertions],
                    "nested_assertions": response.nested_assertions,
                },
            )
