from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class NoTrustAnchor(Rule):
    """SIG107 no-trust-anchor

    ## What it checks
    Whether a trust anchor was given (`--idp-metadata` or `--idp-cert`, or the addon options
    `saml_idp_metadata` / `saml_idp_cert`). Without one, the signature is checked against the
    certificate embedded in the message and the verdict is `unpinned`.

    ## Why it breaks the login
    It does not by itself; but an embedded certificate proves nothing — anyone can sign with
    their own key and embed it. Only the certificate Alibaba Cloud trusts (the one in the
    metadata uploaded to RAM) tells whether the login will pass.

    ## Example
    `samlscope inspect response.b64` without `--idp-metadata`.

    ## How to fix
    Download the Federation Metadata XML from Entra (the Alibaba Cloud app > Single sign-on >
    SAML Certificates) — or better, the file that was uploaded to RAM — and pass it with
    `--idp-metadata`.
    """

    code = "SIG107"
    name = "no-trust-anchor"
    severity = Severity.INFO
    fix = "Pass the IdP metadata {sp} holds with --idp-metadata ({metadata})."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        if ctx.trust is None and ctx.response.signatures:
            yield self.finding(
                "No --idp-metadata or --idp-cert given: the signature was checked only against "
                "the certificate embedded in the message (unpinned)."
            )
