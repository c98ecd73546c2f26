from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.protocol._requests import describe, in_response_to, requests_for_sp
from samlscope.rules.urls import compare


class InResponseToUnmatched(Rule):
    """SAML021 in-response-to-unmatched

    ## What it checks
    When the capture holds the SP's AuthnRequest (SP-initiated sign-in: the redirect to the IdP
    with `SAMLRequest`, or its POST): that the response's `InResponseTo` (on the Response and on
    the bearer SubjectConfirmationData) equals the ID of one of those requests, and that the
    request's `AssertionConsumerServiceURL` is the URL the response was posted to.

    ## Why it breaks the login
    An SP that sent a request accepts only the response to it (SAML 2.0 Profiles §4.1.4.3 and
    §4.1.4.5; SAML 2.0 Core §3.2.2): a response answering another request (an older tab, a
    second login started meanwhile, a response replayed from another session) is refused, and
    a response posted to another ACS than the request asked for is refused as not meant for
    it. Source: OASIS, "Profiles for the OASIS Security Assertion Markup Language (SAML) V2.0"
    (https://docs.oasis-open.org/security/saml/v2.0/saml-profiles-2.0-os.pdf).

    ## Example
    The capture's AuthnRequest has `ID="_a1…"`; the response says `InResponseTo="_9f…"`.

    ## How to fix
    Sign in once more in one browser tab, from the start (the SP's sign-in page), and do not
    reuse an older IdP page. If it keeps happening, the IdP answers from a cached session:
    check the app's Reply URL (Entra admin center > Enterprise applications > the app > Single
    sign-on > Basic SAML Configuration) against the request's ACS URL.
    """

    code = "SAML021"
    name = "in-response-to-unmatched"
    severity = Severity.ERROR
    fix = "Sign in again from the SP's sign-in page, in one tab; do not reuse an older IdP page."

    def check(self, ctx: Context) -> Iterator[Finding]:
        requests = requests_for_sp(ctx)
        answered = in_response_to(ctx)
        if not requests or not answered:
            return
        by_id = {r.id: r for r in requests if r.id}
        for where, value in answered:
            if value not in by_id:
                latest = requests[-1]
                yield self.finding(
                    f"The response answers request {value!r} ({where} InResponseTo), but the "
                    f"capture's request to the IdP was {describe(latest)}: it answers a "
                    "different request, which the SP refuses.",
                    evidence={
                        "in_response_to": value,
                        "where": where,
                        "request_ids": [r.id for r in requests],
                    },
                )
                return
        request = by_id[answered[0][1]]
        if request.acs_url and ctx.endpoint:
            same, diff = compare(ctx.endpoint, request.acs_url)
            if same != "same":
                yield self.finding(
                    f"The response answers {describe(request)}, which asked for the ACS "
                    f"{request.acs_url!r}, but it was posted to {ctx.endpoint!r} ({diff}).",
                    evidence={"request_acs": request.acs_url, "posted_to": ctx.endpoint},
                    fix="Set the app's Reply URL to the request's AssertionConsumerServiceURL: "
                    "{reply_url}.",
                )
