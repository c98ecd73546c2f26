from __future__ import annotations

from collections.abc import Iterator

from samlscope.facts import consoles
from samlscope.rules.config._base import ConfigContext, ConfigRule, entra_certificates
from samlscope.rules.engine import Finding, Severity


def _fix(cloud: str, upload: str | None = None) -> str:
    return (
        f"Upload this app's own Federation Metadata XML ({entra_certificates(cloud)}): "
        f"{upload or consoles(cloud).upload}."
    )


class IdpEntityIdMismatch(ConfigRule):
    """CFG407 idp-entity-id-mismatch

    ## What it checks
    That the entityID of the metadata RAM holds (GetSAMLProvider) is the IdP's own: the
    entityID of the IdP metadata given, and the Issuer of the captured logins.

    ## Why it breaks the login
    Alibaba Cloud requires the Issuer of the response to equal the entityID of the metadata
    uploaded to RAM. Metadata from another Entra tenant or another application (a test tenant,
    a copy of a colleague's app) has another entityID, and every login through it fails.
    Source: Alibaba Cloud, "SAML assertion attributes for role-based SSO"
    (https://www.alibabacloud.com/help/en/ram/saml-response-for-role-based-sso).

    ## Example
    RAM holds `https://sts.windows.net/0000…/`; the login's Issuer is
    `https://sts.windows.net/8c2a…/`.

    ## How to fix
    Upload this application's own Federation Metadata XML (Entra admin center > Enterprise
    applications > the Alibaba Cloud app > Single sign-on > SAML Certificates) in the RAM
    console > SSO > Role-based SSO > the identity provider > Modify (on AWS: IAM console >
    Identity providers > the provider > Replace metadata).
    """

    code = "CFG407"
    name = "idp-entity-id-mismatch"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        expected: dict[str, str] = {}
        for md in cctx.config.idp_metadata:
            if md.entity_id:
                expected.setdefault(md.entity_id, f"the IdP metadata {md.source}")
        for report in cctx.logins:
            issuer = report.message.response.issuer if report.message else None
            if issuer:
                expected.setdefault(issuer, f"the Issuer of {report.capture.source}")
        for provider in cctx.config.providers:
            held = provider.metadata.entity_id if provider.metadata else None
            if held is None:
                continue
            for entity_id, where in expected.items():
                if entity_id != held:
                    yield self.finding(
                        f"The metadata {consoles(provider.cloud).service} holds for provider "
                        f"{provider.name!r} has entityID {held!r}, but {where} says "
                        f"{entity_id!r}.",
                        fix=_fix(provider.cloud, provider.upload),
                        evidence={"ram_entity_id": held, "expected": entity_id, "from": where},
                    )
