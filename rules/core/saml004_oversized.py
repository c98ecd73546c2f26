from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.limits import ALIBABA_ASSERTION_LIMIT
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class Oversized(Rule):
    """SAML004 oversized

    ## What it checks
    The length of the base64 SAMLResponse against Alibaba Cloud's documented limit of 100,000
    characters (AssumeRoleWithSAML `SAMLAssertion`, Alibaba Cloud, "AssumeRoleWithSAML"). For an
    XML input the base64 length is computed.

    ## Why it breaks the login
    Alibaba Cloud documents 4–100,000 characters for the SAML assertion it accepts; a
    larger response may be refused. Responses grow with group claims: Entra sends up to 150
    groups in a SAML token before it switches to a groups link.

    ## Example
    A response carrying several thousand characters of group object IDs as attributes.

    ## How to fix
    In Entra admin center > Enterprise applications > (the Alibaba Cloud app) > Single
    sign-on > Attributes & Claims, remove claims Alibaba Cloud does not use (groups,
    display names); it needs only Role, RoleSessionName and optionally SessionDuration.
    """

    code = "SAML004"
    alibaba_only = True  # the limit is Alibaba Cloud's; a generic SP documents none
    name = "oversized"
    severity = Severity.WARNING
    fix = "Remove claims {sp} does not read (groups...): {claims}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.message is not None
        length = ctx.message.encoded_length
        if length is None:
            length = 4 * ((ctx.message.xml_size + 2) // 3)  # its base64, padded
        if length > ALIBABA_ASSERTION_LIMIT:
            yield self.finding(
                f"The SAMLResponse is {length:,} base64 characters, over Alibaba Cloud's "
                f"documented limit of {ALIBABA_ASSERTION_LIMIT:,}.",
                evidence={"base64_length": length, "limit": ALIBABA_ASSERTION_LIMIT},
            )
