from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import cloud_profiles, endpoint, starts_only_at_idp
from samlscope.facts.idps import ENTRA
from samlscope.rules.config._base import ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

_SETTING = ENTRA.settings["request_signing"]


class SignedRequestsRequired(ConfigRule):
    """CFG414 signed-requests-required

    ## What it checks
    For each Entra application given (a Graph application as `az ad app show` or Graph
    Explorer prints it): whether `requestSignatureVerification.isSignedRequestRequired` is
    true on an application whose logins can only start at the IdP (Alibaba Cloud's role-based
    SSO, AWS).

    ## Why it breaks the login
    With "Require verification certificates" on, Entra accepts only SAML authentication
    requests signed with an uploaded verification certificate, and it refuses IdP-initiated
    launches (My Apps, the Test button) because they carry no request to verify. Alibaba
    Cloud's role-based SSO and AWS never send a request: every login starts in My Apps, so
    every login fails at Entra before any SAML response is issued. Sources: Microsoft,
    "Enforce signed SAML authentication requests"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/howto-enforce-signed-saml-authentication)
    and Microsoft Graph, "requestSignatureVerification resource type"
    (https://learn.microsoft.com/en-us/graph/api/resources/requestsignatureverification).

    ## Example
    `"requestSignatureVerification": {"isSignedRequestRequired": true}` on the Alibaba Cloud
    Service (Role-based SSO) application.

    ## How to fix
    In Entra admin center > Enterprise applications > the app > Single sign-on > SAML
    Certificates > Verification certificates (optional) > Edit, clear "Require verification
    certificates".
    """

    code = "CFG414"
    name = "signed-requests-required"
    severity = Severity.ERROR
    fix = f"Clear the requirement: {_SETTING}."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for app in cctx.config.apps:
            if app.signed_requests_required is not True:
                continue
            urls = [u for u in app.reply_urls if starts_only_at_idp(u)]
            known = any(endpoint(u) is not None for u in app.reply_urls)
            if not urls and known:
                continue  # an endpoint that takes SP-initiated logins can sign its requests
            if not urls and not any(p.idp_initiated_kinds for p in cloud_profiles(app.cloud)):
                continue
            where = f" ({', '.join(urls)})" if urls else ""
            yield self.finding(
                f"{app.name or 'The Entra application'} ({app.source}) requires signed "
                f"authentication requests, but its logins{where} start only at Entra (My Apps) "
                "and carry no request to sign: Entra refuses every launch.",
                evidence={
                    "source": app.source,
                    "app": app.name,
                    "isSignedRequestRequired": True,
                    "idp_initiated_endpoints": urls,
                },
            )
