"""What the configuration readers produce: one record per object a file describes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samlscope.decoder.signature.certs import CertInfo
from samlscope.record import Record

MAX_CONFIG_FILE = 20_000_000
"""The role-SSO host of each Alibaba Cloud site."""


class IdpMetadata(Record):
    source: str
    entity_id: str | None
    certificates: tuple[CertInfo, ...]
    entra: bool
    """Entra's Federation Metadata XML (it carries WS-Federation RoleDescriptors)."""


class SpMetadata(Record):
    source: str
    entity_id: str | None
    acs: tuple[str, ...]
    site: str | None
    """`intl` or `cn` for Alibaba Cloud's role-SSO metadata, else None."""


class SsoDirectory(Record):
    """A CloudSSO directory as the SP of its SAML logins (GetDirectorySAMLServiceProviderInfo)
    and what it says of its IdP (GetExternalSAMLIdentityProvider)."""

    source: str
    directory_id: str | None
    entity_id: str | None
    """The directory's SP entity ID: the Audience its logins must name."""
    acs: str | None
    """The directory's ACS URL: where its logins are posted."""
    sso_enabled: bool | None = None
    """SSOStatus: whether SSO logon through the external IdP is on (None: not said)."""


class AppRole(Record):
    display_name: str
    value: str | None
    enabled: bool


class EntraApp(Record):
    source: str
    name: str
    roles: tuple[AppRole, ...]
    reply_urls: tuple[str, ...]
    identifiers: tuple[str, ...]
    cloud: str = "alibaba"
    """Which cloud the app signs in to: `alibaba` or `aws` (from its URLs and role values)."""
    signed_requests_required: bool | None = None
    """`requestSignatureVerification.isSignedRequestRequired` (None: not in the export)."""
    token_encryption_key: str | None = None
    """`tokenEncryptionKeyId`: the key Entra encrypts assertions with, when one is active."""
    assignment_required: bool | None = None
    """`appRoleAssignmentRequired` (a service principal's; None: not in the export)."""
    preferred_thumbprint: str | None = None
    """`preferredTokenSigningKeyThumbprint`, uppercase hex: the certificate Entra signs with."""
    app_id: str | None = None
    """`appId`: an application and its service principal share it (one app, two exports)."""

    def merged(self, other: EntraApp) -> EntraApp:
        """This app with what another export of it (its service principal, or its
        application) adds: its URLs and identifiers, and the settings only that one carries."""
        return self._replace(
            source=f"{self.source} + {other.source}",
            roles=self.roles or other.roles,
            reply_urls=tuple(dict.fromkeys(self.reply_urls + other.reply_urls)),
            identifiers=tuple(dict.fromkeys(self.identifiers + other.identifiers)),
            signed_requests_required=_first(
                self.signed_requests_required, other.signed_requests_required
            ),
            token_encryption_key=_first(self.token_encryption_key, other.token_encryption_key),
            assignment_required=_first(self.assignment_required, other.assignment_required),
            preferred_thumbprint=_first(self.preferred_thumbprint, other.preferred_thumbprint),
        )


def _first(value: Any, other: Any) -> Any:
    return value if value is not None else other


class TrustStatement(Record):
    effect: str
    actions: tuple[str, ...]
    federated: tuple[str, ...]
    recipients: tuple[str, ...]
    """The `saml:recipient` condition values (StringEquals or StringLike)."""
    audiences: tuple[tuple[str, str], ...] = ()
    """AWS's `SAML:aud` condition: (operator, value) for each value, e.g.
    ("StringEquals", "https://signin.aws.amazon.com/saml")."""


class RamProvider(Record):
    source: str
    name: str
    arn: str | None
    metadata: IdpMetadata | None
    """The metadata RAM holds (GetSAMLProvider); None for the List form."""
    cloud: str = "alibaba"
    """`alibaba` (a RAM identity provider) or `aws` (an IAM SAML provider)."""
    upload: str | None = None
    """Where its metadata is uploaded, when not the cloud's usual place (user-based SSO)."""


class RamRole(Record):
    source: str
    name: str
    arn: str | None
    statements: tuple[TrustStatement, ...] | None
    """The trust policy (GetRole); None for the List form."""
    max_session: int | None
    cloud: str = "alibaba"
    """`alibaba` (a RAM role) or `aws` (an IAM role)."""


class UserSsoSettings(Record):
    """Alibaba Cloud's user-based SSO settings (`aliyun ims GetUserSsoSettings`)."""

    source: str
    enabled: bool | None
    login_with_domain: bool
    """SsoLoginWithDomain: the NameID is `user@domain` (true, the default) or `user` alone."""
    auxiliary_domain: str | None
    metadata: IdpMetadata | None


class RamUser(Record):
    """A RAM user (`aliyun ims GetUser` / `ListUsers`; `aliyun ram` answers lack the UPN)."""

    source: str
    name: str
    principal_name: str | None
    """UserPrincipalName, the logon name `<name>@<default domain or domain alias>`."""


@dataclass
class ConfigSet:
    idp_metadata: list[IdpMetadata] = field(default_factory=list)
    sp_metadata: list[SpMetadata] = field(default_factory=list)
    apps: list[EntraApp] = field(default_factory=list)
    providers: list[RamProvider] = field(default_factory=list)
    roles: list[RamRole] = field(default_factory=list)
    user_sso: list[UserSsoSettings] = field(default_factory=list)
    users: list[RamUser] = field(default_factory=list)
    users_truncated: bool = False
    """A ListUsers answer said IsTruncated: a user missing from it may still exist."""
    directories: list[SsoDirectory] = field(default_factory=list)
    """CloudSSO directories (GetDirectorySAMLServiceProviderInfo and
    GetExternalSAMLIdentityProvider answers)."""
    default_domains: list[str] = field(default_factory=list)
    """`aliyun ims GetDefaultDomain`: the account's `<alias>.onaliyun.com`."""
    capture_files: list[str] = field(default_factory=list)
    inputs: list[tuple[str, str]] = field(default_factory=list)
    """(source, kind) for every file read, in order."""
    notes: list[str] = field(default_factory=list)


def strings(value: Any) -> tuple[str, ...]:
    """A string or a list of strings (the public docs show both)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_int(value: object) -> int | None:
    """A JSON number or a string of digits (the CLIs print both); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None
