from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.role_pair import applies


class SubjectConfirmationNotSingle(Rule):
    """AWS313 subject-confirmation-not-single

    ## What it checks
    That the assertion's Subject holds exactly one `SubjectConfirmation` (SAML015 checks that
    it is a bearer confirmation with Recipient and NotOnOrAfter).

    ## Why it breaks the login
    AWS documents that the Subject must contain exactly one SubjectConfirmation element, whose
    SubjectConfirmationData holds both NotOnOrAfter and Recipient. The SAML standard allows
    several, so an IdP that adds one per ACS (a custom IdP, or a rule that copies the
    confirmation for a second endpoint) produces a response other SPs accept and AWS refuses
    with "Your request included an invalid SAML response". Source: AWS, "Configure SAML
    assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).

    ## Example
    Two `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` elements, one
    with Recipient `https://signin.aws.amazon.com/saml` and one with a regional endpoint.

    ## How to fix
    Emit a single bearer SubjectConfirmation whose Recipient is the endpoint the IdP posts to.
    Entra always sends one: a response with more was produced by another IdP or changed on the
    way (for a custom IdP, its assertion template; for AD FS, its claim rules).
    """

    code = "AWS313"
    name = "subject-confirmation-not-single"
    severity = Severity.ERROR
    fix = "Send exactly one bearer SubjectConfirmation, with Recipient and NotOnOrAfter."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or "") or ctx.assertion is None:
            return
        confirmations = ctx.assertion.confirmations
        if len(confirmations) > 1:
            yield self.finding(
                f"The Subject holds {len(confirmations)} SubjectConfirmation elements; AWS "
                "accepts exactly one.",
                evidence={
                    "count": len(confirmations),
                    "recipients": [c.recipient for c in confirmations],
                    "methods": [c.method for c in confirmations],
                },
            )
