"""What every configuration rule receives, and the role pairs the configuration uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from samlscope.decoder.config import ConfigSet, IdpMetadata, RamProvider, RamRole
from samlscope.facts import cloud_of_kind, consoles
from samlscope.facts.roles import RoleValue, kind_of_value, parse_role
from samlscope.record import Record
from samlscope.rules.engine import Finding, Rule
from samlscope.rules.role_pair import attribute

if TYPE_CHECKING:
    from samlscope.report import Report

ENTRA_APP = "Entra admin center > App registrations > {app} > App roles"
ENTRA_CERTIFICATES = (
    "Entra admin center > Enterprise applications > {app} > Single sign-on > SAML Certificates"
)


def entra_certificates(cloud: str) -> str:
    return ENTRA_CERTIFICATES.format(app=consoles(cloud).app)


def entra_app_roles(cloud: str) -> str:
    return ENTRA_APP.format(app=consoles(cloud).app)


def role_kind(value: str) -> str | None:
    """Which cloud's ARN grammar reads a Role value (a RoleFacts kind), by its ARNs."""
    facts = kind_of_value(value)
    return facts.kind if facts is not None else None


def metadata_clouds(config: ConfigSet) -> list[set[str]]:
    """For each IdP metadata given, the clouds whose providers it is judged against. A tenant
    has one IdP application per cloud, each with its own signing certificate, so a metadata
    document belongs to the cloud whose provider already holds one of its certificates; one
    that no provider holds belongs to every cloud that no document belongs to yet (or to all
    of them when none does). One cloud's metadata is never compared with another's."""
    held: dict[str, set[str]] = {}
    for provider in config.providers:
        if provider.metadata is not None:
            for cert in provider.metadata.certificates:
                held.setdefault(cert.sha256, set()).add(provider.cloud)
    clouds = {p.cloud for p in config.providers}
    owners = [
        {cloud for cert in md.certificates for cloud in held.get(cert.sha256, ())}
        for md in config.idp_metadata
    ]
    claimed = set().union(*owners) if owners else set()
    unclaimed = (clouds - claimed) or clouds
    return [owner or set(unclaimed) for owner in owners]


def trust_for(config: ConfigSet, cloud: str | None) -> IdpMetadata | None:
    """What a login to `cloud` is verified with: the metadata that cloud's provider holds (what
    the SP verifies with), else the IdP metadata that belongs to that cloud."""
    held = [p.metadata for p in config.providers if p.metadata is not None]
    own = [p.metadata for p in config.providers if p.metadata is not None and p.cloud == cloud]
    if own or (held and cloud is None):
        return (own or held)[0]
    for md, clouds in zip(config.idp_metadata, metadata_clouds(config), strict=True):
        if cloud is None or cloud in clouds:
            return md
    return held[0] if held and cloud is None else None


class UsedPair(Record):
    """A Role value seen in an app role or a login: which role via which provider, and where."""

    value: RoleValue
    where: str
    cloud: str


def login_pairs(report: Report) -> list[UsedPair]:
    """The Role values a captured login sends, each read with its own cloud's grammar."""
    assertion = report.message.response.consumed if report.message else None
    if assertion is None:
        return []
    facts = report.profile.roles
    if facts is None:
        return []
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
            facts = report.profile.roles
            if facts is None:
                continue
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
            if report.endpoint_kind == "user" and name_id is not None and name_id.value.strip():
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
        """A role by its ARN (role ARNs compare without letter case), from an index built once
        per check: a lookup per app role stays O(1) in a tenant with thousands of roles."""
        return _index(self.config.roles, "roles", str.lower).get(arn.lower())

    def provider_by_arn(self, arn: str) -> RamProvider | None:
        """A SAML provider by its exact ARN (provider names are case-sensitive)."""
        return _index(self.config.providers, "providers", str).get(arn)


_INDEXES: dict[tuple[int, str], tuple[list[Any], int, dict[str, Any]]] = {}
"""ARN indexes by (the list's id, kind); each entry holds its list, so no other list can take
that id while the entry lives."""


def _index(items: list[Any], kind: str, key: Callable[[str], str]) -> dict[str, Any]:
    """An ARN index of a ConfigSet's list, rebuilt when the list changes (its length)."""
    cached = _INDEXES.get((id(items), kind))
    if cached is not None and cached[0] is items and cached[1] == len(items):
        return cached[2]
    index: dict[str, Any] = {}
    for item in items:
        if item.arn:
            index.setdefault(key(item.arn), item)
    if len(_INDEXES) > 32:
        _INDEXES.clear()
    _INDEXES[(id(items), kind)] = (items, len(items), index)
    return index


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
