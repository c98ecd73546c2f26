from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator

from samlscope.decoder.config import RamRole, TrustStatement
from samlscope.facts import PROFILES, consoles
from samlscope.facts.model import Profile
from samlscope.rules.config._base import ConfigContext, ConfigRule, login_pairs
from samlscope.rules.engine import Finding, Severity
from samlscope.urlparts import host_of, split_url

_REGIONS = {
    "aws": ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"),
    "aws-cn": ("cn-north-1", "cn-northwest-1"),
    "aws-us-gov": ("us-gov-west-1", "us-gov-east-1"),
}
"""Regions whose regional sign-in endpoints stand in for all of them when a wildcard
(StringLike) condition is tried."""


def _fix(profile: Profile) -> str:
    return (
        f"Set SAML:aud to the endpoint Entra posts to ({profile.role_acs}, or the regional "
        f"https://<region>.{profile.hosts[0]}/saml when the app's Reply URL is regional): "
        f"{consoles('aws').trust}."
    )


def _endpoint(url: str, profile: Profile) -> bool:
    """A sign-in endpoint of this partition that a Recipient can name."""
    if "#" in url or "?" in url:
        return False
    parts = split_url(url)
    if parts is None or parts.scheme != "https" or not profile.has_host(parts.host):
        return False
    return profile.acs_path is not None and profile.acs_path.fullmatch(parts.path) is not None


def _candidates(profile: Profile, values: Iterable[str]) -> list[str]:
    hosts = [profile.hosts[0]] + [f"{r}.{profile.hosts[0]}" for r in _REGIONS[profile.name]]
    out = [f"https://{h}/saml" for h in hosts]
    out += [v for v in values if _endpoint(v, profile)]
    return list(dict.fromkeys(out))


def _matches(operator: str, value: str, recipient: str) -> bool:
    base = operator.split(":")[-1].removesuffix("IfExists").lower()
    if base in ("stringequals", "stringnotequals"):
        return value == recipient
    if base in ("stringequalsignorecase", "stringnotequalsignorecase"):
        return value.lower() == recipient.lower()
    if base in ("stringlike", "stringnotlike"):
        return re.fullmatch(fnmatch.translate(value), recipient) is not None
    return True  # an operator this rule does not know: never reported


def satisfied(conditions: tuple[tuple[str, str], ...], recipient: str) -> bool:
    """Whether an assertion posted with this Recipient meets every SAML:aud operator (the
    values of one operator are alternatives; the operators all apply)."""
    by_operator: dict[str, list[str]] = {}
    for operator, value in conditions:
        by_operator.setdefault(operator, []).append(value)
    for operator, values in by_operator.items():
        hit = any(_matches(operator, v, recipient) for v in values)
        if ("Not" in operator) == hit:
            return False
    return True


def _why(value: str, profile: Profile) -> str:
    if profile.accepts_audience(value) and not _endpoint(value, profile):
        return f"{value!r} is an Audience value, not an endpoint"
    if "#" in value:
        return f"{value!r} carries Entra's '#n' app-instance suffix, which no Recipient has"
    host = host_of(value)
    other = next(
        (p for p in PROFILES.values() if p.cloud == profile.cloud and p.has_host(host)), None
    )
    if other is not None and other is not profile:
        return f"{value!r} is the sign-in endpoint of {other.title}, not of {profile.title}"
    return f"{value!r} is not a sign-in endpoint of {profile.title}"


class TrustAudienceUnsatisfiable(ConfigRule):
    """CFG408 trust-audience-unsatisfiable

    ## What it checks
    The `SAML:aud` condition in the trust policy of each IAM role (from `aws iam get-role` or
    `list-roles`): that some sign-in to the role's partition can satisfy it, and that the
    captured logins which assume the role do.

    ## Why it breaks the login
    AWS compares `SAML:aud` with the Recipient the assertion was posted to (the sign-in
    endpoint), not with its Audience. A condition set to the Audience
    (`urn:amazon:webservices`), to Entra's Identifier with its `#2` instance suffix, or to
    another partition's endpoint matches no sign-in, and every login with the role fails with
    "Not authorized to perform sts:AssumeRoleWithSAML". A condition naming the global endpoint
    fails a login posted to a regional endpoint (`https://us-east-1.signin.aws.amazon.com/saml`),
    and the reverse. Sources: AWS, "Create a role for a third-party identity provider
    (federation)" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html)
    and "Configure SAML assertions for the authentication response"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).

    ## Example
    `"Condition": {"StringEquals": {"SAML:aud": "urn:amazon:webservices"}}`.

    ## How to fix
    In the IAM console > Roles > the role > Trust relationships > Edit trust policy, set
    `SAML:aud` to the endpoint the IdP posts to: `https://signin.aws.amazon.com/saml`, or the
    regional endpoint when Entra's Reply URL is regional (China: `https://signin.amazonaws.cn/saml`;
    GovCloud: `https://signin.amazonaws-us-gov.com/saml`).
    """

    code = "CFG408"
    name = "trust-audience-unsatisfiable"
    severity = Severity.ERROR
    fix = _fix(PROFILES["aws"])

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        for role in cctx.config.roles:
            if not role.statements or not role.arn:
                continue
            profile = PROFILES.get(role.arn.split(":")[1])  # an IAM ARN names its partition
            if profile is None:
                continue
            saml = [st for st in role.statements if _assumes_with_saml(st)]
            for st in saml:
                if not st.audiences:
                    continue
                values = [v for _, v in st.audiences]
                if any(satisfied(st.audiences, c) for c in _candidates(profile, values)):
                    continue
                reasons = "; ".join(_why(v, profile) for v in dict.fromkeys(values))
                yield self.finding(
                    f"The trust policy of IAM role {role.name!r} allows sts:AssumeRoleWithSAML "
                    f"only when SAML:aud is {_conditions(st)}, which no sign-in can satisfy: "
                    f"SAML:aud is the Recipient the assertion is posted to ({profile.role_acs} "
                    f"or a regional endpoint), not its Audience; {reasons}.",
                    evidence={"role": role.arn, "saml_aud": [list(c) for c in st.audiences]},
                    fix=_fix(profile),
                )
            yield from self._logins(cctx, role, saml, profile)

    def _logins(
        self, cctx: ConfigContext, role: RamRole, saml: list[TrustStatement], profile: Profile
    ) -> Iterator[Finding]:
        arn = (role.arn or "").lower()
        for report in cctx.logins:
            assertion = report.message.response.consumed if report.message else None
            if assertion is None:
                continue
            uses = any(
                u.value.role is not None and u.value.role.group(0).lower() == arn
                for u in login_pairs(report)
            )
            recipient = next((c.recipient for c in assertion.confirmations if c.recipient), None)
            if not uses or recipient is None:
                continue
            if any(satisfied(st.audiences, recipient) for st in saml):
                continue
            conditions = " or ".join(_conditions(st) for st in saml if st.audiences)
            if not conditions:
                continue
            yield self.finding(
                f"{report.capture.source} was posted with Recipient {recipient!r}, but the trust "
                f"policy of IAM role {role.name!r} requires SAML:aud {conditions}: AWS refuses "
                "this sign-in with the role.",
                evidence={
                    "role": role.arn,
                    "recipient": recipient,
                    "saml_aud": [list(c) for st in saml for c in st.audiences],
                },
                fix=_fix(profile),
            )


def _assumes_with_saml(st: TrustStatement) -> bool:
    return st.effect.lower() == "allow" and any(
        a.lower() in ("sts:assumerolewithsaml", "sts:*", "*") for a in st.actions
    )


def _conditions(st: TrustStatement) -> str:
    return ", ".join(f"{v!r} ({op})" for op, v in st.audiences)
