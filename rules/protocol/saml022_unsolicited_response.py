from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.protocol._requests import describe, in_response_to, requests_for_sp


class UnsolicitedResponse(Rule):
    """SAML022 unsolicited-response

    ## What it checks
    When the capture holds the SP's AuthnRequest (the sign-in started at the SP): whether the
    response that followed answers it at all, i.e. carries an `InResponseTo`.

    ## Why it breaks the login
    A response without InResponseTo is IdP-initiated (unsolicited). After an SP-initiated start
    it means the IdP did not answer the request: the user started again from the IdP's portal
    (My Apps) in the middle, or the IdP app was set up for IdP-initiated sign-in only. An SP that
    requires the answer to its own request refuses it, and one that accepts both loses the
    RelayState the request carried, so the user lands on the console's start page instead of
    where they were going. Source: OASIS, "Profiles for the OASIS Security Assertion Markup
    Language (SAML) V2.0" §4.1.4.3, §4.1.5
    (https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf).

    ## Example
    The capture redirects to `login.microsoftonline.com/…/saml2?SAMLRequest=…` (ID `_a1…`), and
    the POST to `https://signin.aliyun.com/saml/SSO` has no InResponseTo.

    ## How to fix
    Complete the sign-in in the tab the SP opened, without switching to My Apps. In Entra, the
    app's Basic SAML Configuration must carry the SP's Identifier and Reply URL as the request
    names them, so that Entra answers the request (Entra admin center > Enterprise
    applications > the app > Single sign-on > Basic SAML Configuration).
    """

    code = "SAML022"
    name = "unsolicited-response"
    severity = Severity.WARNING
    fix = (
        "Complete the sign-in in the tab the SP started, without going through {portal}; check "
        "the app's Identifier ({identifier}) and Reply URL ({reply_url})."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        requests = requests_for_sp(ctx)
        if not requests or in_response_to(ctx):
            return
        latest = requests[-1]
        yield self.finding(
            f"The sign-in started at the SP ({describe(latest)}), but the response that was "
            "posted is IdP-initiated (no InResponseTo): it does not answer that request.",
            evidence={"request_id": latest.id, "request_url": latest.url},
        )
