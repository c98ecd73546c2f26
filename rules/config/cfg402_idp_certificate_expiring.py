from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.signature.certs import CertInfo
from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.facts import consoles
from samlscope.rules.config._base import ConfigContext, ConfigRule, entra_certificates
from samlscope.rules.engine import Finding, Severity

SOON_DAYS = 30


def _fix(cloud: str, upload: str | None = None) -> str:
    return (
        f"Create and activate a new certificate ({entra_certificates(cloud)}); then "
        f"{upload or consoles(cloud).upload}."
    )


class IdpCertificateExpiring(ConfigRule):
    """CFG402 idp-certificate-expiring

    ## What it checks
    That no IdP signing certificate, in the IdP's metadata or in the metadata RAM holds, has
    expired at the evaluation time (`--at`, else now), or expires within 30 days (a warning).

    ## Why it breaks the login
    An expired signing certificate fails the signature check, and a certificate about to
    expire means a rollover is due: when Entra starts signing with the new one, the metadata in
    RAM must already hold it. Entra e-mails 60, 30 and 7 days before expiry. Source: Microsoft,
    "Manage certificates for federated single sign-on"
    (https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on).

    ## Example
    A signing certificate valid to 2026-12-01, checked on 2026-11-22: 9 days left.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > SAML Certificates, add a
    new certificate and make it active; then upload the new Federation Metadata XML in the RAM
    console > SSO > Role-based SSO > the identity provider > Modify (on AWS: IAM console >
    Identity providers > the provider > Replace metadata).
    """

    code = "CFG402"
    name = "idp-certificate-expiring"
    severity = Severity.ERROR
    fix = _fix("alibaba")

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        at = cctx.evaluated_at
        seen: set[str] = set()
        clouds = {p.cloud for p in cctx.config.providers} | {a.cloud for a in cctx.config.apps}
        only = next(iter(clouds)) if len(clouds) == 1 else "alibaba"
        sources: list[tuple[tuple[CertInfo, ...], str, str, str | None]] = [
            (md.certificates, md.source, only, None) for md in cctx.config.idp_metadata
        ]
        sources += [
            (
                p.metadata.certificates,
                f"the metadata {consoles(p.cloud).service} holds for {p.name!r}",
                p.cloud,
                p.upload,
            )
            for p in cctx.config.providers
            if p.metadata is not None
        ]
        for certs, where, cloud, upload in sources:
            for cert in certs:
                if cert.sha256 in seen:
                    continue
                seen.add(cert.sha256)
                evidence = {
                    "sha256": cert.sha256,
                    "sha1_thumbprint": cert.sha1,
                    "not_after": iso(cert.not_after),
                    "evaluated_at": iso(at),
                    "in": where,
                }
                left = (cert.not_after - at).total_seconds()
                if left <= 0:
                    yield self.finding(
                        f"The signing certificate {cert.sha1} ({cert.subject}) in {where} "
                        f"expired on {iso(cert.not_after)}, {describe_delta(left)} before "
                        f"{iso(at)} ({cctx.time_source}).",
                        evidence=evidence,
                        fix=_fix(cloud, upload),
                    )
                elif left < SOON_DAYS * 86400:
                    yield self.finding(
                        f"The signing certificate {cert.sha1} ({cert.subject}) in {where} "
                        f"expires on {iso(cert.not_after)}, in {describe_delta(left)}.",
                        evidence=evidence,
                        severity=Severity.WARNING,
                        fix=_fix(cloud, upload),
                    )
