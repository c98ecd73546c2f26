from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.rules.config._base import ENTRA_CERTIFICATES, RAM_IDP, ConfigContext, ConfigRule
from samlscope.rules.engine import Finding, Severity

SOON_DAYS = 30


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
    console > SSO > Role-based SSO > the identity provider > Modify.
    """

    code = "CFG402"
    name = "idp-certificate-expiring"
    severity = Severity.ERROR
    fix = f"Create and activate a new certificate ({ENTRA_CERTIFICATES}); then {RAM_IDP}."

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        at = cctx.evaluated_at
        seen: set[str] = set()
        sources = [(md.certificates, md.source) for md in cctx.config.idp_metadata]
        sources += [
            (p.metadata.certificates, f"the metadata RAM holds for {p.name!r}")
            for p in cctx.config.providers
            if p.metadata is not None
        ]
        for certs, where in sources:
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
                    )
                elif left < SOON_DAYS * 86400:
                    yield self.finding(
                        f"The signing certificate {cert.sha1} ({cert.subject}) in {where} "
                        f"expires on {iso(cert.not_after)}, in {describe_delta(left)}.",
                        evidence=evidence,
                        severity=Severity.WARNING,
                    )
