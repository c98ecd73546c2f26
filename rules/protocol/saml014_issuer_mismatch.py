from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class IssuerMismatch(Rule):
    """SAML014 issuer-mismatch

    ## What it checks
    That the assertion has an Issuer, that the Response's Issuer (when present) equals it, and
    that it equals the entityID of the IdP metadata given with `--idp-metadata` — the metadata
    that should be the one uploaded to RAM. When only a certificate or a key is trusted
    (`--idp-cert`), nothing names the IdP: `--idp-entity-id` (addon: `saml_idp_entity_id`) gives
    the Issuer to expect, so a response from another IdP signed by a trusted key is still
    flagged.

    ## Why it breaks the login
    Alibaba Cloud requires the Issuer to be exactly the entityID in the IdP metadata uploaded to
    the RAM identity provider (Alibaba Cloud, "SAML assertion attributes for role-based SSO").
    For Entra that is `https://sts.windows.net/<tenant ID>/` with its trailing slash; metadata
    from another tenant, or of another IdP, gives a different value.

    ## Example
    Issuer `https://sts.windows.net/8c2a…/` while the metadata in RAM says
    `https://sts.windows.net/0f9e…/`.

    ## How to fix
    Download the Federation Metadata XML of this very enterprise app (Entra admin center > the
    Alibaba Cloud app > Single sign-on > SAML Certificates) and upload it to the identity
    provider in the RAM console (SSO > Role-based SSO > the IdP > Modify).
    """

    code = "SAML014"
    name = "issuer-mismatch"
    severity = Severity.ERROR
    fix = "Give {sp_trust} this application's own IdP metadata: {metadata}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        response = ctx.response
        assertion = ctx.assertion
        if assertion is None:
            return
        issuer = (assertion.issuer or "").strip()
        if not issuer:
            yield self.finding("The assertion has no Issuer.", evidence={"assertion_issuer": None})
            return
        if response.issuer is not None and response.issuer.strip() != issuer:
            yield self.finding(
                f"The Response Issuer {response.issuer.strip()!r} differs from the assertion "
                f"Issuer {issuer!r}.",
                evidence={"response_issuer": response.issuer, "assertion_issuer": issuer},
            )
        trust = ctx.trust
        given = ctx.config.idp_entity_id
        if given and not (trust is not None and trust.entity_ids) and issuer != given.strip():
            slash = given.strip().rstrip("/") == issuer.rstrip("/")
            yield self.finding(
                f"The Issuer {issuer!r} is not the IdP entity ID given with --idp-entity-id "
                f"({given.strip()!r}){' (only the trailing slash differs)' if slash else ''}: "
                "this response comes from another IdP, or the entity ID given is not the one "
                f"{ctx.sp} was set up with.",
                evidence={"assertion_issuer": issuer, "expected_entity_ids": [given.strip()]},
            )
            return
        if trust is not None and trust.entity_ids and issuer not in trust.entity_ids:
            near = [e for e in trust.entity_ids if e.rstrip("/") == issuer.rstrip("/")]
            detail = " (only the trailing slash differs)" if near else ""
            yield self.finding(
                f"The Issuer {issuer!r} is not the entityID of {trust.source} "
                f"({', '.join(map(repr, trust.entity_ids))}){detail}.",
                evidence={
                    "assertion_issuer": issuer,
                    "metadata_entity_ids": list(trust.entity_ids),
                },
            )
