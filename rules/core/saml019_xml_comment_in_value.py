from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class XmlCommentInValue(Rule):
    """SAML019 xml-comment-in-value

    ## What it checks
    That no NameID and no AttributeValue contains an XML comment or processing instruction.
    samlscope reads such values as their full text; the finding shows it.

    ## Why it breaks the login
    Exclusive canonicalization drops comments, so a comment can be inserted into a signed
    value without breaking the signature. An SP that reads only the text before the comment
    sees `admin@example.com` where the IdP signed `admin@example.com<!---->.evil.net`
    (the 2018 comment-injection flaw in many SAML libraries). Genuine IdPs never emit one.

    ## Example
    `<saml:NameID>user@example.com<!--x-->.evil.net</saml:NameID>`

    ## How to fix
    Treat the response as tampered: Entra never writes comments into values. Capture the login
    again and investigate what modified it.
    """

    code = "SAML019"
    name = "xml-comment-in-value"
    severity = Severity.ERROR
    fix = "Treat the response as tampered: {idp} never puts comments inside values."

    def check(self, ctx: Context) -> Iterator[Finding]:
        for index, assertion in enumerate(ctx.response.assertions):
            if assertion.name_id is not None and assertion.name_id.has_comment:
                yield self.finding(
                    "The NameID contains an XML comment or processing instruction; its full "
                    f"text is {assertion.name_id.value!r}.",
                    evidence={
                        "assertion": index,
                        "element": "NameID",
                        "full_text": assertion.name_id.value,
                    },
                )
            for attr in assertion.attributes:
                if attr.has_comment:
                    yield self.finding(
                        f"Attribute {attr.name!r} has a value containing an XML comment or "
                        f"processing instruction; full text: {list(attr.values)!r}.",
                        evidence={
                            "assertion": index,
                            "attribute": attr.name,
                            "full_text": list(attr.values),
                        },
                    )
