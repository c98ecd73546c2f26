"""What a cloud profile is: the service provider's facts as data, read by the rules."""

from __future__ import annotations

import re

from samlscope.record import Record


class Consoles(Record):
    """A cloud's SSO configuration in the words of its consoles, for fix texts."""

    service: str
    """Who holds the roles and SAML providers: `RAM`, `IAM`."""
    role: str
    """`RAM role`, `IAM role`."""
    provider: str
    """`identity provider`, `SAML provider`."""
    app: str
    """The IdP's application for this cloud, as a fix text names it (`the AWS app`)."""
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
    over_max_session: str
    """What happens to a login whose SessionDuration exceeds the role's maximum ({max}: the
    maximum in seconds)."""


class RoleFacts(Record):
    """A cloud's role-based SSO: the attributes it reads, its ARN grammar, its limits, and
    where its settings are changed (for fix texts)."""

    cloud: str
    """The cloud in words: `Alibaba Cloud`, `AWS`."""
    kind: str
    """A short key (`alibaba`, `aws`, `aws-cn`, `aws-us-gov`): caches and samples use it."""
    namespaces: tuple[str, ...]
    """The attribute-name prefixes it reads; the first is the one to configure."""
    near: tuple[tuple[str, str], ...]
    """Prefixes that look right but are not: (prefix, what is wrong with it)."""
    role_arn: re.Pattern[str]
    """A role ARN; group 1 is the account ID, group 2 the role name."""
    provider_arn: re.Pattern[str]
    """A SAML provider ARN; group 1 is the account ID, group 2 the provider name."""
    arn_prefix: str
    """How every ARN of this cloud (or partition) starts: `acs:`, `arn:aws-cn:`."""
    foreign: tuple[tuple[str, str], ...]
    """ARN prefixes of another cloud or partition: (prefix, what it is)."""
    role_arn_name: str
    """`RAM role ARN`, `IAM role ARN`."""
    provider_arn_name: str
    """`IdP ARN`, `SAML provider ARN`."""
    role_arn_shape: str
    """The role ARN's grammar in words, for a finding."""
    provider_arn_shape: str
    pair: str
    """The Role value's shape in the console's words: `RAM role ARN,IdP ARN`."""
    pair_example: str
    """The Role value with placeholders, as an app role's Value is typed."""
    order_required: bool
    """The role ARN must come first (Alibaba Cloud); AWS accepts either order."""
    session_name_min: int
    session_name_max: int
    session_name_allowed: re.Pattern[str]
    """One allowed RoleSessionName character."""
    session_name_words: str
    """The allowed characters in words, for a finding."""
    duration_min: int
    duration_max: int
    duration_default_max: int
    """Above this, a role's maximum session duration must have been raised."""
    role_console: str
    """Where the role and its ARN are: `RAM console > Identities > Roles > the role`."""
    provider_console: str
    """Where the SAML provider and its ARN are."""

    @property
    def namespace(self) -> str:
        return self.namespaces[0]

    @property
    def role(self) -> str:
        return self.namespace + "Role"

    @property
    def role_session_name(self) -> str:
        return self.namespace + "RoleSessionName"

    @property
    def session_duration(self) -> str:
        return self.namespace + "SessionDuration"

    def attribute_names(self, local: str) -> tuple[str, ...]:
        """Every accepted full name of one attribute (a partition may accept two namespaces)."""
        return tuple(ns + local for ns in self.namespaces)


class Profile(Record):
    name: str
    sp_entity_id: str | None
    """The Audience the SP requires (None: unknown, for `generic` without --sp-entity-id)."""
    role_acs: str | None
    """The role-based SSO endpoint (Recipient/Destination)."""
    hosts: tuple[str, ...]
    """Sign-in hosts of this site (role and user SSO)."""
    cloud: str | None = None
    """`alibaba` or `aws`: which cloud's rules run (None: only the SAML, signature and time
    rules)."""
    audiences: tuple[str, ...] = ()
    """Every Audience the SP accepts (sp_entity_id among them)."""
    regional_hosts: re.Pattern[str] | None = None
    """Regional sign-in hosts of the same SP (`us-east-1.signin.aws.amazon.com`)."""
    acs_path: re.Pattern[str] | None = None
    """The SSO endpoint's path, when it is not one fixed URL."""
    acs_kind: str = "role"
    """What an endpoint matching acs_path is: `role` (role SSO), `sso` (a directory's users)."""
    audience_pattern: re.Pattern[str] | None = None
    """Audiences the SP accepts when they are per tenant (a directory's own entity ID)."""
    audience_shape: str = ""
    """The accepted Audience in words, when it is a pattern."""
    roles: RoleFacts | None = None
    title: str = ""
    """The SP in words: `Alibaba Cloud`, `AWS GovCloud (US)`."""
    consoles: Consoles | None = None
    """Where each setting is changed, in the SP's consoles (None: a generic SP)."""
    site: str | None = None
    """Alibaba Cloud's site (`intl`, `cn`) the profile is; None for other clouds."""
    site_name: str | None = None
    """The site in words (`international`, `China`)."""
    encryption_note: str = ""
    """What the SP says about encrypted assertions, when it says something (a sentence)."""
    path_case_note: str = ""
    """What is known of how the SP compares the path's letter case (a sentence)."""
    idp_initiated_kinds: frozenset[str] = frozenset()
    """The endpoint kinds (`role`, `user`, `sso`) whose logins only start at the IdP: the SP
    sends no AuthnRequest, so an IdP that requires signed requests refuses every launch."""
    takes_encrypted: bool = True
    """Whether the SP can read an encrypted assertion (it documents a decryption key)."""

    def has_host(self, host: str | None) -> bool:
        if not host:
            return False
        if host in self.hosts:
            return True
        return self.regional_hosts is not None and self.regional_hosts.fullmatch(host) is not None

    def accepts_audience(self, audience: str) -> bool:
        if audience in self.audiences:
            return True
        return self.audience_pattern is not None and bool(self.audience_pattern.fullmatch(audience))
