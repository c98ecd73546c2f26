from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.signature.certs import CertInfo
from samlscope.facts import consoles
from samlscope.rules.config._base import (
    ConfigContext,
    ConfigRule,
    entra_certificates,
    metadata_clouds,
)
from samlscope.rules.engine import Finding, Severity


def _fix(cloud: str, upload: str | None = None) -> str:
    return (
        f"Download the Federation Metadata XML ({entra_certificates(cloud)}) and upload it: "
        f"{upload or consoles(cloud).upload}."
    )


class RamIdpMetadataStale(ConfigRule):
    """CFG401 ram-idp-metadata-stale

    ## What it checks
    That the metadata uploaded to the RAM identity provider (read from `aliyun ims
    GetSAMLProvider`) holds the certificate the IdP signs with now: every signing certificate
    of the IdP's own current metadata, or, without it, the certificate embedded in the
    signature of a captured login.

    ## Why it breaks the login
    Alibaba Cloud verifies the SAML signature with the certificates in the metadata RAM holds.
    After Entra rolls its signing certificate (a new one is created and activated, as
    certificates expire after three years), RAM still holds the old metadata, every signature
    fails, and every user's login fails at once. Source: Microsoft, "Manage certificates for
    federated single sign-on"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on).

    ## Example
    Entra's Federation Metadata XML lists certificate SHA-256 `9f3c…`; the
    EncodedSAMLMetadataDocument of GetSAMLProvider lists only `41aa…`.

    On AWS the same holds for the metadata of the IAM SAML provider (`aws iam
    get-saml-provider`, its SAMLMetadataDocument): AWS, "Create a SAML identity provider in
    IAM" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html).

    ## How to fix
    Download the current Federation Metadata XML (Entra admin center > Enterprise
    applications > the Alibaba Cloud app > Single sign-on > SAML Certificates) and upload it
    in the RAM console > SSO > Role-based SSO > the identity provider > Modify. On AWS: IAM
    console > Identity providers > the provider > Replace metadata.
    """

    code = "CFG401"
    name = "ram-idp-metadata-stale"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        by_cloud: dict[str, dict[str, tuple[CertInfo, str]]] = {}
        for md, clouds in zip(cctx.config.idp_metadata, metadata_clouds(cctx.config), strict=True):
            for cloud in clouds:
                for cert in md.certificates:
                    current = by_cloud.setdefault(cloud, {})
                    current.setdefault(cert.sha256, (cert, f"the IdP metadata {md.source}"))
        for report in cctx.logins:
            login_cloud = report.profile.cloud
            if login_cloud is None or by_cloud.get(login_cloud):
                continue  # the IdP metadata of that cloud says what signs now
            v = report.verification
            for check in v.checks if v else ():
                if check.info.placement != "other" and check.info.certificates:
                    cert = check.info.certificates[0]
                    signed = by_cloud.setdefault(f"{login_cloud} (logins)", {})
                    signed.setdefault(
                        cert.sha256, (cert, f"the signature of {report.capture.source}")
                    )
        for provider in cctx.config.providers:
            held_now = by_cloud.get(provider.cloud) or by_cloud.get(f"{provider.cloud} (logins)")
            if provider.metadata is None or not held_now:
                continue
            held = {c.sha256 for c in provider.metadata.certificates}
            for sha256, (cert, where) in held_now.items():
                if sha256 in held:
                    continue
                listed = ", ".join(c.sha256[:16] + "…" for c in provider.metadata.certificates)
                service = consoles(provider.cloud).service
                yield self.finding(
                    f"The metadata {service} holds for provider {provider.name!r} lacks the "
                    f"signing certificate in {where}: SHA-256 {sha256}, thumbprint (SHA-1) "
                    f"{cert.sha1} ({cert.subject}). {service} holds: "
                    f"{listed or 'no certificate'}.",
                    fix=_fix(provider.cloud, provider.upload),
                    evidence={
                        "provider": provider.arn or provider.name,
                        "missing_sha256": sha256,
                        "missing_sha1_thumbprint": cert.sha1,
                        "held_sha256": sorted(held),
                    },
                )
