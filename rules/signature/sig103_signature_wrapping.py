from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class SignatureWrapping(Rule):
    """SIG103 signature-wrapping

    ## What it checks
    That the element a signature covers is the element an SP consumes: a signature counts
    only on the Response or on its first Assertion child, its single Reference must point at
    its own parent's ID (or "" for the whole document), and no ID may occur twice. A
    signature over a copy moved elsewhere (into Advice, Extensions, a nested Response or
    Object) while an unsigned assertion sits where the SP reads it is reported here.

    ## Why it breaks the login
    This is the shape of an XML signature-wrapping (XSW) attack: the signature still verifies,
    but over a different element than the one that grants access. Alibaba Cloud's validator
    rejects it; if one did not, an attacker could log in as anyone.

    ## Example
    `<Response><Assertion ID="evil">…</Assertion><Extensions><Assertion ID="orig">` with the
    signature referencing `#orig`.

    ## How to fix
    Nothing to fix in Entra: this response was crafted or altered. Treat it as a security
    incident, preserve the capture, and investigate where it came from.
    """

    code = "SIG103"
    name = "signature-wrapping"
    severity = Severity.ERROR
    fix = "Treat as a security incident: the response was crafted or altered after signing."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        reasons = ctx.verification.wrapping
        if reasons:
            yield self.finding(
                f"The signed element is not the element {ctx.sp} would consume: "
                + "; ".join(reasons)
                + ".",
                evidence={"reasons": list(reasons)},
            )
