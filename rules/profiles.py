"""Service-provider profiles: what Alibaba Cloud (or a generic SP) expects to receive.

Values from Alibaba Cloud, "Configure Alibaba Cloud as a trusted SP for role-based SSO" and
Alibaba Cloud, "SAML response for user-based SSO"; see docs/sources.md.
"""

from __future__ import annotations

import re

from samlscope.cache import small_cache
from samlscope.decoder.urlparts import host_of, split_url
from samlscope.record import Record


class Profile(Record):
    name: str
    sp_entity_id: str | None
    """The Audience the SP requires (None: unknown, for `generic` without --sp-entity-id)."""
    role_acs: str | None
    """The role-based SSO endpoint (Recipient/Destination)."""
    hosts: tuple[str, ...]
    """Sign-in hosts of this site (role and user SSO)."""


ALIBABA_INTL = Profile(
    "alibaba-intl",
    "urn:alibaba:cloudcomputing:international",
    "https://signin.alibabacloud.com/saml-role/sso",
    ("signin.alibabacloud.com", "signin-intl.aliyun.com"),
)
ALIBABA_CN = Profile(
    "alibaba-cn",
    "urn:alibaba:cloudcomputing",
    "https://signin.aliyun.com/saml-role/sso",
    ("signin.aliyun.com",),
)
GENERIC = Profile("generic", None, None, ())

PROFILES = {p.name: p for p in (ALIBABA_INTL, ALIBABA_CN, GENERIC)}
SSO_HOSTS = frozenset(host for p in (ALIBABA_INTL, ALIBABA_CN) for host in p.hosts)
PROFILE_CHOICES = ("auto", *PROFILES)


ROLE_SSO_PATH = "/saml-role/sso"
USER_SSO_PATH = re.compile(r"^/(?:\d+/)?saml/sso$", re.IGNORECASE)


USER_SSO_AUDIENCE = re.compile(r"^https://signin(?:-intl)?\.aliyun\.com/\d+/saml/SSO$", re.I)
"""The Audience of a user-based SSO assertion.

Source: Alibaba Cloud, "SAML response for user-based SSO".
"""


def path_kind(path: str) -> str | None:
    """`role` or `user` for the path of an Alibaba Cloud SSO endpoint, else None."""
    path = path.rstrip("/")
    if path.lower() == ROLE_SSO_PATH:
        return "role"
    if USER_SSO_PATH.match(path):
        return "user"
    return None


@small_cache(maxsize=256, longest=2048)
def endpoint_kind(url: str | None) -> str | None:
    """`role` or `user` for Alibaba Cloud's SSO endpoints (either site), else None."""
    if not url or profile_for_url(url) is None:
        return None
    parts = split_url(url)
    return path_kind(parts.path) if parts is not None else None


def profile_for_url(url: str | None) -> Profile | None:
    if not url:
        return None
    host = host_of(url)
    for profile in (ALIBABA_INTL, ALIBABA_CN):
        if host in profile.hosts:
            return profile
    return None


def resolve_profile(name: str, *urls: str | None) -> Profile:
    """`auto` picks from the endpoint (then Destination, Recipient); else the named profile."""
    if name != "auto":
        return PROFILES[name]
    for url in urls:
        found = profile_for_url(url)
        if found is not None:
            return found
    return GENERIC
