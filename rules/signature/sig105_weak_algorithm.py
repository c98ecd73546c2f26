from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.signature import algorithms as alg
from samlscope.decoder.signature.verify import Outcome
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


class WeakAlgorithm(Rule):
    """SIG105 weak-algorithm

    ## What it checks
    The SignatureMethod and DigestMethod of each signature on the Response or the consumed
    Assertion: SHA-1 (rsa-sha1, sha1) is flagged.

    ## Why it breaks the login
    SHA-1 signatures are forgeable in principle and being retired; verifiers such as signxml
    refuse them by default. Alibaba Cloud documents no algorithm list (Alibaba Cloud, "SAML
    assertion attributes for role-based SSO" names none), so this is a warning, not a certain
    failure — but it is the first suspect when a SHA-1 response is rejected.

    ## Example
    `<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>`

    ## How to fix
    In Entra admin center > the Alibaba Cloud app > Single sign-on > SAML Certificates >
    Edit, set Signing Algorithm to SHA-256.
    """

    code = "SIG105"
    name = "weak-algorithm"
    severity = Severity.WARNING
    fix = "Set the signature algorithm to SHA-256: {algorithm}."

    def check(self, ctx: Context) -> Iterator[Finding]:
        assert ctx.verification is not None
        for check in ctx.verification.checks:
            if check.outcome is Outcome.IGNORED:
                continue
            used = [check.info.signature_method, *check.info.digest_methods]
            weak = [u for u in used if u in alg.WEAK]
            if weak:
                yield self.finding(
                    f"The {check.info.parent} signature uses SHA-1 "
                    f"({', '.join(alg.short(w) for w in weak)}).",
                    evidence={"signature": check.info.path, "algorithms": weak},
                )
