"""What every configuration rule receives, and the role pairs the configuration uses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from samlscope.decoder.config import ConfigSet, RamProvider, RamRole
from samlscope.record import Record
from samlscope.rules.alibaba.claims import RoleValue, attribute, parse_role
from samlscope.rules.engine import Finding, Rule
from samlscope.rules.profiles.alibaba import ROLES as ALIBABA_ROLES

if TYPE_CHECKING:
    from samlscope.report import Report

ENTRA_APP_ROLES = "Entra admin center > App registrations > the Alibaba Cloud app > App roles"
ENTRA_CERTIFICATES = (
    "Entra admin center > Enterprise applications > the Alibaba Cloud app > Single sign-on > "
    "SAML Certificates"
)
RAM_IDP = "RAM console > SSO > Role-based SSO > the identity provider > Modify (metadata file)"
RAM_TRUST = "RAM console > Identities > Roles > the role > Trust Policy"


class CloudWords(Record):
    """A cloud's configuration in the words of its consoles, for the CFG rules' texts."""

    service: str
    """Who holds the roles and SAML providers: `RAM`, `IAM`."""
    role: str
    """`RAM role`, `IAM role`."""
    provider: str
    """`identity provider`, `SAML provider`."""
    app: str
    """The Entra gallery app, as a fix text names it."""
    upload: str
    """Where the IdP's metadata is uploaded."""
    trust: str
    """Where a role's trust policy is edited."""
    roles: str
    """Where the roles and their ARNs are listed."""
    providers: str
    max_session: str
    """Where a role's maximum session duration is set."""
    action: str
    """The action a SAML role's trust policy must allow."""
    pair: str
    """The app role Value in the console's words."""
    order_required: bool


WORDS = {
    "alibaba": CloudWords(
        service="RAM",
        role="RAM role",
        provider="identity provider",
        app="the Alibaba Cloud app",
        upload=RAM_IDP,
        trust=RAM_TRUST,
        roles="RAM console > Identities > Roles",
        providers="RAM console > SSO > Role-based SSO",
        max_session="RAM console > Identities > Roles > the role > Maximum Session Duration",
        action="sts:AssumeRole",
        pair="RAM role ARN,IdP ARN",
        order_required=True,
    ),
    "aws": CloudWords(
        service="IAM",
        role="IAM role",
        provider="SAML provider",
        app="the AWS app",
        upload="IAM console > Identity providers > the provider > Replace metadata",
        trust="IAM console > Roles > the role > Trust relationships > Edit trust policy",
        roles="IAM console > Roles",
        providers="IAM console > Identity providers",
        max_session="IAM console > Roles > the role > Summary > Maximum session duration > Edit",
        action="sts:AssumeRoleWithSAML",
        pair="role ARN,SAML provider ARN",
        order_required=False,
    ),
}


def words(cloud: str) -> CloudWords:
    return WORDS.get(cloud, WORDS["alibaba"])


def entra_certificates(cloud: str) -> str:
    return ENTRA_CERTIFICATES.replace("the Alibaba Cloud app", words(cloud).app)


def entra_app_roles(cloud: str) -> str:
    return ENTRA_APP_ROLES.replace("the Alibaba Cloud app", words(cloud).app)


def role_kind(value: str) -> str | None:
    """Which cloud's ARN grammar reads a Role value (a RoleFacts kind), by its prefix."""
    head = value.strip()
    if head.startswith("acs:"):
        return "alibaba"
    for partition in ("aws-us-gov", "aws-cn", "aws"):
        if head.startswith(f"arn:{partition}:"):
            return partition
    return None


def cloud_of_kind(kind: str) -> str:
    return "alibaba" if kind == "alibaba" else "aws"


class UsedPair(Record):
    """A Role value seen in an app role or a login: which role via which provider, and where."""

    value: RoleValue
    where: str
    cloud: str = "alibaba"


def login_pairs(report: Report) -> list[UsedPair]:
    """The Role values a captured login sends, each read with its own cloud's grammar."""
    assertion = report.message.response.consumed if report.message else None
    if assertion is None:
        return []
    facts = report.profile.roles or ALIBABA_ROLES
    attr = attribute(assertion, "Role", facts)
    pairs = []
    for value in attr.values if attr else ():
        kind = role_kind(value) or facts.kind
        where = f"the login {report.capture.source}"
        pairs.append(UsedPair(parse_role(value, kind), where, cloud_of_kind(kind)))
    return pairs


class ConfigContext(Record):
    config: ConfigSet
    logins: tuple[Report, ...]
    evaluated_at: datetime
    time_source: str
    site: str | None
    """`intl` or `cn`: from the logins, else the SP metadata, else the Entra reply URLs."""

    def used_pairs(self) -> list[UsedPair]:
        pairs = []
        for app in self.config.apps:
            for role in app.roles:
                kind = role_kind(role.value or "") if role.enabled else None
                if role.value and kind is not None:
                    where = f"app role {role.display_name!r} ({app.source})"
                    pairs.append(UsedPair(parse_role(role.value, kind), where, cloud_of_kind(kind)))
        for report in self.logins:
            pairs += login_pairs(report)
        return pairs

    def session_durations(self) -> list[tuple[Report, int, str]]:
        """(login, SessionDuration seconds, the Role value) for each login that sends one."""
        out = []
        for report in self.logins:
            assertion = report.message.response.consumed if report.message else None
            facts = report.profile.roles or ALIBABA_ROLES
            duration = attribute(assertion, "SessionDuration", facts) if assertion else None
            roles = attribute(assertion, "Role", facts) if assertion else None
            if duration and duration.values and duration.values[0].strip().isdigit() and roles:
                for value in roles.values:
                    out.append((report, int(duration.values[0].strip()), value))
        return out

    def user_sso_logins(self) -> list[tuple[Report, str]]:
        """(login, NameID) for each captured login posted to Alibaba Cloud's user-SSO
        endpoint."""
        out = []
        for report in self.logins:
            assertion = report.message.response.consumed if report.message else None
            name_id = assertion.name_id if assertion else None
            if (
                report.profile.cloud == "alibaba"
                and report.endpoint_kind == "user"
                and name_id is not None
                and name_id.value.strip()
            ):
                out.append((report, name_id.value.strip()))
        return out

    def account_domains(self) -> tuple[set[str], set[str]]:
        """(default domains, domain aliases) the RAM exports show: GetDefaultDomain, and the
        suffixes of the RAM users' logon names (`*.onaliyun.com` is a default domain, any other
        suffix a domain alias)."""
        defaults = set(self.config.default_domains)
        aliases: set[str] = set()
        for user in self.config.users:
            domain = (user.principal_name or "").rpartition("@")[2].lower()
            if domain:
                (defaults if domain.endswith(".onaliyun.com") else aliases).add(domain)
        return defaults, aliases

    def role_by_arn(self, arn: str) -> RamRole | None:
        return next((r for r in self.config.roles if r.arn and r.arn.lower() == arn.lower()), None)

    def provider_by_arn(self, arn: str) -> RamProvider | None:
        return next((p for p in self.config.providers if p.arn == arn), None)


class ConfigRule(Rule):
    """A rule over the configuration (`samlscope check`), not over one login."""

    scope: ClassVar[str] = "config"
    needs_message = False

    def check_config(self, cctx: ConfigContext) -> Iterator[Finding]:
        raise NotImplementedError


def run_config_rules(cctx: ConfigContext, rules: tuple[Rule, ...]) -> list[Finding]:
    from samlscope.rules.engine import RuleFailed

    findings: list[Finding] = []
    for rule in rules:
        if not isinstance(rule, ConfigRule):
            continue
        try:
            findings.extend(rule.check_config(cctx))
        except Exception as e:
            raise RuleFailed(rule.code, e) from e
    findings.sort(key=lambda f: (f.severity.rank, f.code))
    return findings
