from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.message.names import BEARER
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Severity
from samlscope.rules.protocol._url_rule import UrlRule


class RecipientMismatch(UrlRule):
    """SAML012 recipient-mismatch

    ## What it checks
    The `Recipient` of each bearer `SubjectConfirmationData` against the URL the response was
    posted to (else the profile's role-SSO endpoint), naming what differs.

    ## Why it breaks the login
    The Web SSO profile requires the SP to check that Recipient is its own ACS URL (SAML 2.0
    Profiles §4.1.4.3); Alibaba Cloud documents Recipient =
    `https://signin.alibabacloud.com/saml-role/sso` (international) or
    `https://signin.aliyun.com/saml-role/sso` (China) (Alibaba Cloud, "SAML assertion attributes
    for role-based SSO").

    ## Example
    `Recipient="https://signin.alibabacloud.com/saml/SSO"` (the user-SSO path) on a role-SSO login.

    ## How to fix
    Entra fills Recipient from the Reply URL: in Entra admin center > the Alibaba Cloud app >
    Single sign-on > Basic SAML Configuration, set Reply URL to the site's `/saml-role/sso` URL
    and make it the default.
    """

    code = "SAML012"
    name = "recipient-mismatch"
    severity = Severity.ERROR
    fix = "Set {reply_url} to the SSO (ACS) URL of {sp} that the browser posts to."

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.assertion is None:
            return
        for c in ctx.assertion.confirmations:
            if c.method == BEARER and c.recipient:
                yield from self.url_finding(ctx, c.recipient, "The bearer Recipient")
