"""Alibaba Cloud user-based SSO: the RAM user's logon name a NameID must be.

Sources: Alibaba Cloud, "SAML response for user-based SSO" (the NameID is the RAM user's
logon name `<user>@<default domain>` (`<alias>.onaliyun.com`), `@<domain alias>` or
`@<auxiliary domain>`; the auxiliary domain cannot be used once a domain alias exists);
"FAQ about SSO" (a RAM user name is up to 64 letters, digits, `-`, `_` and `.`; "The user does
not exist" means the suffix does not match or the user is missing); IMS API reference,
"GetUserSsoSettings" (SsoLoginWithDomain: true, the default, requires `username@domain`;
false requires the user name alone).
"""

from __future__ import annotations

from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

USER_NAME = lazy_pattern(r"[A-Za-z0-9._-]{1,64}")
DEFAULT_DOMAIN_SUFFIX = ".onaliyun.com"
GUID = lazy_pattern(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
ENTRA_INITIAL_DOMAIN = ".onmicrosoft.com"
ENTRA_CLAIMS = (
    "Entra admin center > Enterprise applications > the Alibaba Cloud user-SSO app > Single "
    "sign-on > Attributes & Claims > Unique User Identifier (Name ID)"
)
RAM_USER_SSO = "RAM console > SSO > User-based SSO"
RAM_DOMAINS = "RAM console > Identities > Settings > Domain Name Management"


class LogonName(Record):
    """A NameID read as a RAM logon name."""

    raw: str
    user: str
    domain: str | None
    """Lower-case; None when the NameID has no `@`."""


def logon_name(value: str) -> LogonName:
    user, at, domain = value.strip().rpartition("@")
    if not at:
        return LogonName(value, value.strip(), None)
    return LogonName(value, user, domain.lower())
