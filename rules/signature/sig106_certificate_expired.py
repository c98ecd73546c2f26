from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from samlscope.decoder.timeutil import describe_delta, iso
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity

SOON = timedelta(days=30)


class CertificateExpired(Rule):
    """SIG106 certificate-expired

    ## What it checks
    The validity period of the certificate whose key verified the signature, at the
    evaluation time (the capture time, or `--at`). Outside it: error. Fewer than 30 days
    left: warning.

    ## Why it breaks the login
    Entra's per-app SAML signing certificate is valid for three years by default (Microsoft,
    "Manage certificates for federated single sign-on"). Once it expires, Entra may sign with a
    newer certificate that RAM does not know, or SPs that check validity refuse the expired one.
    Either way logins stop on the expiry date, which is why Entra e-mails 60, 30 and 7 days
    before.

    ## Example
    Signed at 2026-11-01 with a certificate valid until 2026-10-31.

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > SAML Certificates, add a
    new certificate, make it active, download the new Federation Metadata XML and upload it to
    the RAM identity provider (RAM console > SSO > Role-based SSO > Modify).
    """

    code = "SIG106"
    name = "certificate-expired"
    severity = Severity.ERROR
    fix = (
        "Create and activate a new signing certificate ({certificates}); give {sp_trust} the "
        "new metadata."
    )

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        seen: set[str] = set()
        at = ctx.evaluated_at
        for check in ctx.verification.checks:
            cert = check.signer
            if cert is None or not check.outcome.verified or cert.sha256 in seen:
                continue
            seen.add(cert.sha256)
            if cert.not_before <= at and cert.not_after - at >= SOON:
                continue  # valid, and not about to expire: the common case
            evidence = {
                "sha256": cert.sha256,
                "subject": cert.subject,
                "not_before": iso(cert.not_before),
                "not_after": iso(cert.not_after),
                "evaluated_at": iso(at),
            }
            if at >= cert.not_after:
                yield self.finding(
                    f"The signing certificate ({cert.subject}) expired on {iso(cert.not_after)}, "
                    f"{describe_delta((at - cert.not_after).total_seconds())} before the "
                    "evaluation time.",
                    evidence=evidence,
                )
            elif at < cert.not_before:
                yield self.finding(
                    f"The signing certificate ({cert.subject}) is not valid until "
                    f"{iso(cert.not_before)}.",
                    evidence=evidence,
                )
            elif cert.not_after - at < SOON:
                yield self.finding(
                    f"The signing certificate ({cert.subject}) expires on {iso(cert.not_after)}, "
                    f"in {describe_delta((cert.not_after - at).total_seconds())}.",
                    evidence=evidence,
                    severity=Severity.WARNING,
                    fix="Roll the certificate now: add a new one ({certificates}), activate "
                    "it, and give {sp_trust} the new metadata.",
                )
