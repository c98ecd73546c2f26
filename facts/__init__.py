"""Service-provider profiles: what each cloud (or a generic SP) expects to receive.

One module per cloud holds its facts as data (`alibaba.py`, `aws.py`): endpoints, audiences,
attribute names and their namespaces, the ARN grammar, the Role value order, RoleSessionName
and SessionDuration limits, and where its settings are changed. The rules read the active
profile; adding a cloud is adding one such module and its entry in CLOUDS (README, "Adding a
cloud").
"""

from __future__ import annotations

from samlscope.cache import small_cache
from samlscope.facts import alibaba, aws, cloudsso
from samlscope.facts.alibaba import (
    ROLE_SSO_PATH,
    USER_SSO_AUDIENCE,
    USER_SSO_PATH,
)
from samlscope.facts.model import Consoles, Profile, RoleFacts
from samlscope.record import Record
from samlscope.urlparts import host_of, routed_host, routed_path, split_url

ALIBABA_INTL = alibaba.INTL
ALIBABA_CN = alibaba.CN
GENERIC = Profile("generic", None, None, ())

CLOUDS: tuple[Profile, ...] = (*alibaba.PROFILES, *aws.PROFILES, *cloudsso.PROFILES)
"""Every cloud profile, in the order `--profile auto` tries them."""
PROFILES = {p.name: p for p in (*CLOUDS, GENERIC)}
ROLE_FACTS: tuple[RoleFacts, ...] = tuple(
    dict.fromkeys(p.roles for p in CLOUDS if p.roles is not None)
)
"""Every cloud's role-SSO facts (one per ARN grammar)."""
_ROLE_FACTS = {facts.kind: facts for facts in ROLE_FACTS}
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
    "Choice",
    "Consoles",
    "Endpoint",
    "Profile",
    "RoleFacts",
    "choose_profile",
    "cloud_of_kind",
    "cloud_profiles",
    "consoles",
    "endpoint",
    "endpoint_at",
    "endpoint_kind",
    "is_sso_host",
    "path_kind",
    "profile_for_audience",
    "profile_for_host",
    "profile_for_url",
    "resolve_profile",
    "role_facts",
    "starts_only_at_idp",
    "words",
]


def role_facts(kind: str) -> RoleFacts:
    """A cloud's role facts by their key (`alibaba`, `aws`, `aws-cn`, `aws-us-gov`)."""
    return _ROLE_FACTS[kind]


_CLOUD_OF_KIND = {p.roles.kind: p.cloud for p in CLOUDS if p.roles is not None and p.cloud}
_ROLES_OF_CLOUD = {
    cloud: next(p.roles for p in CLOUDS if p.cloud == cloud and p.roles is not None)
    for cloud in dict.fromkeys(_CLOUD_OF_KIND.values())
}


def cloud_of_kind(kind: str) -> str:
    """The cloud (a profile's `cloud`: `alibaba`, `aws`) whose role facts have this key."""
    return _CLOUD_OF_KIND[kind]


ROLE_CLOUDS = frozenset(_ROLES_OF_CLOUD)
"""The clouds whose logins carry role values (a grammar for them exists)."""
_CONSOLES = {p.cloud: p.consoles for p in reversed(CLOUDS) if p.cloud and p.consoles}


def consoles(cloud: str) -> Consoles:
    """Where a cloud's settings are changed, in its consoles' words. KeyError for a cloud no
    profile names (never another cloud's words)."""
    return _CONSOLES[cloud]


def words(cloud: str) -> RoleFacts:
    """A cloud's role facts (its first partition's): its consoles' words, its Role value's
    shape. KeyError for a cloud no profile names (never another cloud's words)."""
    return _ROLES_OF_CLOUD[cloud]


def cloud_profiles(cloud: str) -> tuple[Profile, ...]:
    """Every profile (site, partition) of a cloud; empty for a cloud no profile names."""
    return tuple(p for p in CLOUDS if p.cloud == cloud)


def starts_only_at_idp(url: str) -> bool:
    """Whether logins to this SP endpoint only start at the IdP (the SP sends no AuthnRequest)."""
    found = endpoint(url)
    return found is not None and found.kind in found.profile.idp_initiated_kinds


def path_kind(path: str) -> str | None:
    """`role` or `user` for the path of an Alibaba Cloud SSO endpoint (as a server routes it:
    see routed_path), else None."""
    path = routed_path(path)
    if path.lower() == ROLE_SSO_PATH:
        return "role"
    if USER_SSO_PATH.match(path):
        return "user"
    return None


class Endpoint(Record):
    """A cloud's SAML endpoint that a URL leads to."""

    profile: Profile
    kind: str
    """`role` or `user` (every AWS endpoint is role SSO)."""
    url: str
    """The endpoint as the SP names it: scheme, routed host and path (no parameters, no
    trailing dot, no encoded characters)."""


def profile_for_host(host: str) -> Profile | None:
    """The cloud profile whose sign-in host this is (routed: case and trailing dot ignored)."""
    host = routed_host(host)
    for profile in CLOUDS:
        if profile.has_host(host):
            return profile
    return None


def is_sso_host(host: str) -> bool:
    """A sign-in host of any cloud (the addon's watch list), however it is spelt."""
    return profile_for_host(host) is not None


def endpoint_at(host: str, path: str, scheme: str = "https") -> Endpoint | None:
    """The SAML endpoint a request to this host and path reaches, the way a permissive server
    routes it; None for any other resource. The one answer to "is this an SP endpoint" for the
    addon's watch, the analysis and the rules."""
    profile = profile_for_host(host)
    if profile is None:
        return None
    routed = routed_path(path)
    if profile.acs_path is not None:
        kind = profile.acs_kind if profile.acs_path.match(routed.lower()) else None
    else:
        kind = path_kind(routed)
    if kind is None:
        return None
    return Endpoint(profile, kind, f"{scheme or 'https'}://{routed_host(host)}{routed}")


@small_cache(maxsize=256, longest=2048)
def endpoint(url: str | None) -> Endpoint | None:
    """The SAML endpoint a URL leads to (see endpoint_at), else None."""
    if not url:
        return None
    parts = split_url(url)
    if parts is None:
        return None
    return endpoint_at(parts.host, parts.path, parts.scheme)


def endpoint_kind(url: str | None) -> str | None:
    """`role` or `user` for a cloud's SSO endpoint (every AWS endpoint is role SSO), else
    None."""
    found = endpoint(url)
    return found.kind if found is not None else None


def profile_for_url(url: str | None) -> Profile | None:
    if not url:
        return None
    return profile_for_host(host_of(url))


def site_of_host(host: str) -> str | None:
    """Alibaba Cloud's site (`intl`, `cn`) a sign-in host belongs to, else None."""
    found = profile_for_host(host)
    return found.site if found is not None else None


def site_profile(site: str) -> Profile:
    """The profile of an Alibaba Cloud site (`intl`, `cn`)."""
    return next(p for p in CLOUDS if p.site == site)


def cloud_named_in(text: str) -> Profile | None:
    """The cloud a text names by its title (an IdP application called "Alibaba Cloud (Role
    SSO)" or "AWS Single-Account Access"), else None."""
    lowered = f" {text.lower()} "
    for profile in CLOUDS:
        word = profile.title.split(" (")[0].lower()
        if word and (f" {word} " in lowered or f" {word.split()[0]} " in lowered):
            return profile
    return None


def sibling_sites(profile: Profile) -> tuple[Profile, ...]:
    """The other sites of the same cloud (Alibaba Cloud's China site for its international
    one, and the reverse)."""
    return tuple(p for p in CLOUDS if p.site and p.cloud == profile.cloud and p is not profile)


def cloud_of_app(
    urls: tuple[str, ...], identifiers: tuple[str, ...], values: tuple[str, ...]
) -> str | None:
    """Which cloud an IdP application signs in to: by its reply URLs and identifiers first
    (a sign-in host, an entity ID), and only then by the ARNs in its role values, since a value
    copied from another cloud's app is one of the mistakes to find."""
    for url in urls:
        found = profile_for_url(url)
        if found is not None and found.cloud:
            return found.cloud
    for identifier in identifiers:
        found = profile_for_audience(identifier)
        if found is None and identifier.startswith(tuple(a for p in CLOUDS for a in p.audiences)):
            found = next(p for p in CLOUDS for a in p.audiences if identifier.startswith(a))
        if found is not None and found.cloud:
            return found.cloud
    from samlscope.facts.roles import kind_of_value

    for value in values:
        facts = kind_of_value(value)
        if facts is not None:
            return cloud_of_kind(facts.kind)
    return None


def profile_for_audience(audience: str | None) -> Profile | None:
    """The cloud whose entity ID an Audience is (a URL Audience, as user-based SSO's, by its
    host)."""
    if not audience:
        return None
    found = next((p for p in CLOUDS if p.accepts_audience(audience)), None)
    if found is None and "://" in audience:
        found = profile_for_url(audience)
    return found


class Choice(Record):
    """The profile a login is judged by, and why."""

    profile: Profile
    source: str
    """What chose it: `--profile`, `endpoint`, `Recipient`, `Audience`, `Destination`, or
    `none`."""
    conflict: str | None = None
    """Another field of the login names another cloud (said in the report)."""


def choose_profile(
    name: str,
    endpoint_url: str | None,
    *,
    recipients: tuple[str | None, ...] = (),
    audiences: tuple[str, ...] = (),
    destination: str | None = None,
) -> Choice:
    """`auto`: the endpoint the browser posted to decides (as the SP routes it). Without one,
    what the assertion says (Recipient, then Audience) decides before the Response's
    Destination, which is outside the assertion and often unsigned. A URL that is known but
    no cloud's endpoint is judged by the SAML rules only: a login posted elsewhere is never
    given a cloud's more lenient rules. When the fields name different clouds, the choice
    says so."""
    if name != "auto":
        return Choice(PROFILES[name], "--profile")
    named: list[tuple[str, Profile]] = []
    for label, values, pick in (
        ("Recipient", recipients, profile_for_url),
        ("Audience", audiences, profile_for_audience),
        ("Destination", (destination,), profile_for_url),
    ):
        for value in values:
            found = pick(value)
            if found is not None:
                named.append((label, found))
    chosen: tuple[str, Profile]
    if endpoint_url:
        posted = profile_for_url(endpoint_url)
        if posted is None:
            return Choice(GENERIC, "endpoint", _conflict(("endpoint", GENERIC), named))
        chosen = ("endpoint", posted)
    elif named:
        chosen = named[0]
    else:
        return Choice(GENERIC, "none")
    return Choice(chosen[1], chosen[0], _conflict(chosen, named))


def _conflict(chosen: tuple[str, Profile], named: list[tuple[str, Profile]]) -> str | None:
    label, profile = chosen
    other = next(((what, p) for what, p in named if p.cloud != profile.cloud), None)
    if other is None:
        return None
    what, them = other
    if profile is GENERIC:
        return (
            f"its {what} names {them.title}, but it was posted to a URL that is no cloud's "
            "SAML endpoint: judged by the SAML rules only"
        )
    by = "it was posted to" if label == "endpoint" else f"its {label} names"
    return (
        f"its {what} names {them.title}, but {by} {profile.title}'s endpoint: judged as "
        f"{profile.title}"
    )


def resolve_profile(name: str, *urls: str | None, audiences: tuple[str, ...] = ()) -> Profile:
    """The profile for an endpoint and the response's URLs (kept for callers that have only
    URLs: the first is the endpoint, the others are read as Recipients)."""
    endpoint_url, *others = urls or (None,)
    return choose_profile(name, endpoint_url, recipients=tuple(others), audiences=audiences).profile
