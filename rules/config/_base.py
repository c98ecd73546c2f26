"""What every configuration rule receives, and the role pairs the configuration uses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from samlscope.decoder.config import ConfigSet, RamProvider, RamRole
from samlscope.record import Record
from samlscope.rules.alibaba.claims import ROLE, SESSION_DURATION, RoleValue, parse_role
from samlscope.rules.engine import Finding, Rule

if TYPE_CHECKING:
    from samlscope.report import Report

ENTRA_APP_ROLES = "Entra admin center > App registrations > the Alibaba Cloud app > App roles"
ENTRA_CERTIFICATES = (
    "Entra admin center > Enterprise applications > the Alibaba Cloud app > Single sign-on > "
    "SAML Certificates"
)
RAM_IDP = "RAM console > SSO > Role-based SSO > the identity provider > Modify (metadata file)"
RAM_TRUST = "RAM console > Identities > Roles > the role > Trust Policy"


class UsedPair(Record):
    """A Role value seen in an app role or a login: which role via which provider, and where."""

    value: RoleValue
    where: str


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
                if role.enabled and role.value and role.value.startswith("acs:"):
                    where = f"app role {role.display_name!r} ({app.source})"
                    pairs.append(UsedPair(parse_role(role.value), where))
        for report in self.logins:
            assertion = report.message.response.consumed if report.message else None
            attr = assertion.attribute(ROLE) if assertion else None
            for value in attr.values if attr else ():
                pairs.append(UsedPair(parse_role(value), f"the login {report.capture.source}"))
        return pairs

    def session_durations(self) -> list[tuple[Report, int, str]]:
        """(login, SessionDuration seconds, the Role value) for each login that sends one."""
        out = []
        for report in self.logins:
            assertion = report.message.response.consumed if report.message else None
            duration = assertion.attribute(SESSION_DURATION) if assertion else None
            roles = assertion.attribute(ROLE) if assertion else None
            if duration and duration.values and duration.values[0].strip().isdigit() and roles:
                for value in roles.values:
                    out.append((report, int(duration.values[0].strip()), value))
        return out

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
