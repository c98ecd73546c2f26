"""Service-provider profiles: what each cloud (or a generic SP) expects to receive.

One module per cloud holds its facts as data (`alibaba.py`, `aws.py`): endpoints, audiences,
attribute names and their namespaces, the ARN grammar, the Role value order, RoleSessionName
and SessionDuration limits, and where its settings are changed. The rules read the active
profile; adding a cloud is adding one such module and its entry in CLOUDS (README, "Adding a
cloud").
"""

from __future__ import annotations

from samlscope.cache import small_cache
from samlscope.decoder.urlparts import host_of, split_url
from samlscope.rules.profiles import alibaba, aws
from samlscope.rules.profiles.alibaba import (
    ROLE_SSO_PATH,
    USER_SSO_AUDIENCE,
    USER_SSO_PATH,
)
from samlscope.rules.profiles.model import Profile, RoleFacts

ALIBABA_INTL = alibaba.INTL
ALIBABA_CN = alibaba.CN
GENERIC = Profile("generic", None, None, ())

CLOUDS: tuple[Profile, ...] = (*alibaba.PROFILES, *aws.PROFILES)
"""Every cloud profile, in the order `--profile auto` tries them."""
PROFILES = {p.name: p for p in (*CLOUDS, GENERIC)}
CLOUD_NAMES = frozenset(p.cloud for p in CLOUDS if p.cloud)
"""The clouds a profile names: a rule family folder of that name runs only for them."""
ALIBABA_HOSTS = frozenset(host for p in alibaba.PROFILES for host in p.hosts)
SSO_HOSTS = ALIBABA_HOSTS
"""Alibaba Cloud's sign-in hosts (the addon's watch list has every cloud's: is_sso_host)."""
PROFILE_CHOICES = ("auto", *PROFILES)

__all__ = [
    "ALIBABA_CN",
    "ALIBABA_HOSTS",
    "ALIBABA_INTL",
    "CLOUDS",
    "GENERIC",
    "PROFILES",
    "PROFILE_CHOICES",
    "ROLE_SSO_PATH",
    "SSO_HOSTS",
    "USER_SSO_AUDIENCE",
    "USER_SSO_PATH",
    "Profile",
    "RoleFacts",
    "endpoint_kind",
    "path_kind",
    "profile_for_audience",
    "profile_for_url",
    "resolve_profile",
]


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
    """`role` or `user` for a cloud's SSO endpoint (every AWS endpoint is role SSO), else
    None."""
    profile = profile_for_url(url)
    if profile is None:
        return None
    parts = split_url(url or "")
    if parts is None:
        return None
    if profile.acs_path is not None:
        return "role" if profile.acs_path.match(parts.path) else None
    return path_kind(parts.path)


def profile_for_url(url: str | None) -> Profile | None:
    if not url:
        return None
    host = host_of(url)
    for profile in CLOUDS:
        if profile.has_host(host):
            return profile
    return None


def is_sso_host(host: str) -> bool:
    """A sign-in host of any cloud (the addon's watch list)."""
    return host in ALIBABA_HOSTS or any(p.has_host(host) for p in aws.PROFILES)


def profile_for_audience(audience: str | None) -> Profile | None:
    """The AWS partition whose entity ID an Audience is (a login posted nowhere known). Alibaba
    Cloud's profiles are still chosen by URL only, as they always were."""
    if not audience:
        return None
    return next((p for p in aws.PROFILES if p.accepts_audience(audience)), None)


def resolve_profile(name: str, *urls: str | None, audiences: tuple[str, ...] = ()) -> Profile:
    """`auto` picks from the endpoint (then Destination, Recipient, then the Audience); else
    the named profile. It never picks one cloud for another cloud's login: each is chosen by
    its own hosts and entity IDs only."""
    if name != "auto":
        return PROFILES[name]
    for url in urls:
        found = profile_for_url(url)
        if found is not None:
            return found
    for audience in audiences:
        found = profile_for_audience(audience)
        if found is not None:
            return found
    return GENERIC
