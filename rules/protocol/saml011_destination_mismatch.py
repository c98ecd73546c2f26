from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Severity
from samlscope.rules.protocol._url_rule import UrlRule


class DestinationMismatch(UrlRule):
    """SAML011 destination-mismatch

    ## What it checks
    The Response's `Destination` against the URL the response was posted to (or, when the
    input does not say, the profile's role-SSO endpoint). Scheme and host compare
    case-insensitively; the report names what differs: scheme, host, port, path, a trailing
    slash or only letter case. An empty Destination is reported too.

    ## Why it breaks the login
    The SAML bindings require a signed message's Destination to match the URL where it was
    received (SAML 2.0 Bindings §3.5.5.2), so an SP refuses a response addressed elsewhere.
    Entra writes its configured Reply URL into Destination: a wrong Reply URL (the China site's
    for an international account, `http://`, a typo) shows up here.

    ## Example
    `Destination="https://signin.aliyun.com/saml-role/sso"` posted to
    `https://signin.alibabacloud.com/saml-role/sso`.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > Basic SAML Configuration,
    set Reply URL (Assertion Consumer Service URL) to
    `https://signin.alibabacloud.com/saml-role/sso` (international site) or
    `https://signin.aliyun.com/saml-role/sso` (China site).
    """

    code = "SAML011"
    name = "destination-mismatch"
    severity = Severity.ERROR
    fix = "Set {reply_url} to the SSO (ACS) URL of {sp} that the browser posts to."

    def check(self, ctx: Context) -> Iterator[Finding]:
        destination = ctx.response.destination
        if destination is None:
            return
        if not destination.strip():
            yield self.finding(
                "The Response's Destination attribute is empty.", evidence={"actual": destination}
            )
            return
        yield from self.url_finding(ctx, destination, "The Response's Destination")
