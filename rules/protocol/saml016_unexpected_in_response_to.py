from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class UnexpectedInResponseTo(Rule):
    """SAML016 unexpected-in-response-to

    ## What it checks
    For Alibaba Cloud role-based SSO (profiles `alibaba-intl`, `alibaba-cn`): that neither the
    Response nor the bearer SubjectConfirmationData carries `InResponseTo`.

    ## Why it breaks the login
    Alibaba Cloud's role-based SSO is IdP-initiated only (Alibaba Cloud, "Configure Alibaba
    Cloud as a trusted SP for role-based SSO"; Microsoft, "Microsoft Entra SSO integration with
    Alibaba Cloud Service (Role-based SSO)"): it never sends an AuthnRequest, so no response can
    answer one. For an unsolicited response the Web SSO profile says InResponseTo MUST NOT be
    present (SAML 2.0 Profiles §4.1.4.3). One here means the login was started from Alibaba's
    side or replayed from another application's flow. Not checked on the user-based SSO
    endpoint, which Alibaba Cloud also starts itself (SP-initiated).

    ## Example
    `<samlp:Response InResponseTo="_4f1a…">` posted to `saml-role/sso`.

    ## How to fix
    Start the login from Entra: My Apps (https://myapps.microsoft.com) > Alibaba Cloud, or the
    app's "Test" button; leave Basic SAML Configuration's Sign on URL empty for this app.
    """

    code = "SAML016"
    name = "unexpected-in-response-to"
    severity = Severity.WARNING
    alibaba_only = True
    fix = "Start the login from {portal} (IdP-initiated); {sp}'s role SSO never sends requests."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.endpoint_kind == "user":
            return  # user-based SSO may be SP-initiated: SAML021/SAML022 judge it
        values = [("Response", ctx.response.in_response_to)]
        if ctx.assertion is not None:
            values += [
                ("SubjectConfirmationData", c.in_response_to) for c in ctx.assertion.confirmations
            ]
        present = [(where, v) for where, v in values if v]
        if present:
            yield self.finding(
                "InResponseTo is set ("
                + ", ".join(f"{w}: {v!r}" for w, v in present)
                + ") although Alibaba Cloud role SSO is IdP-initiated only.",
                evidence={"in_response_to": dict(present)},
            )
