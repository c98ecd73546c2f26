from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.message.names import BEARER
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class SubjectConfirmationInvalid(Rule):
    """SAML015 subject-confirmation-invalid

    ## What it checks
    That the assertion's Subject has a bearer `SubjectConfirmation`
    (`urn:oasis:names:tc:SAML:2.0:cm:bearer`) with a `SubjectConfirmationData` carrying both
    `Recipient` and `NotOnOrAfter`, and no `NotBefore`; and that there is a NameID.

    ## Why it breaks the login
    The Web SSO profile requires exactly this (SAML 2.0 Profiles §4.1.4.2) and Alibaba Cloud
    documents one SubjectConfirmation with Recipient and NotOnOrAfter (Alibaba Cloud, "SAML
    assertion attributes for role-based SSO"). Without them the SP cannot tell the assertion was
    meant for it, or until when.

    ## Example
    `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key">` only.

    ## How to fix
    Entra always sends a proper bearer confirmation: a response without one was produced by
    another IdP or modified on the way. For a custom IdP, emit the bearer confirmation with
    Recipient set to the Alibaba SSO URL and NotOnOrAfter a few minutes ahead.
    """

    code = "SAML015"
    name = "subject-confirmation-invalid"
    severity = Severity.ERROR
    fix = "Send one bearer SubjectConfirmation whose data has Recipient and NotOnOrAfter."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assertion = ctx.assertion
        if assertion is None:
            return
        if assertion.name_id is None:
            yield self.finding("The assertion's Subject has no NameID.", evidence={})
        elif not assertion.name_id.value.strip():
            yield self.finding("The assertion's NameID is empty.", evidence={})
        bearers = [c for c in assertion.confirmations if c.method == BEARER]
        if not bearers:
            methods = [c.method for c in assertion.confirmations]
            yield self.finding(
                "No bearer SubjectConfirmation"
                + (f" (methods present: {methods})." if methods else " (none at all)."),
                evidence={"methods": methods},
            )
            return
        for c in bearers:
            missing = [
                name
                for name, value in (
                    ("SubjectConfirmationData", c.has_data),
                    ("Recipient", c.recipient),
                    ("NotOnOrAfter", c.not_on_or_after),
                )
                if not value
            ]
            if missing:
                yield self.finding(
                    f"The bearer SubjectConfirmation lacks {', '.join(missing)}.",
                    evidence={"missing": missing},
                )
            if c.not_before is not None:
                yield self.finding(
                    "The bearer SubjectConfirmationData has a NotBefore, which the Web SSO "
                    "profile forbids.",
                    evidence={"not_before": c.not_before.raw},
                    severity=Severity.WARNING,
                )
