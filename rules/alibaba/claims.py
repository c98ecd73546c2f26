"""Alibaba role-SSO claim names, their near misses, and the Role value grammar.

Sources: Alibaba Cloud, "SAML assertion attributes for role-based SSO" (attributes) and Alibaba
Cloud, "AssumeRoleWithSAML" (ARN formats); see docs/sources.md.
"""

from __future__ import annotations

import re

from samlscope.cache import small_cache
from samlscope.decoder.message.model import Assertion, Attribute
from samlscope.record import Record
from samlscope.rules.context import Context
from samlscope.rules.profiles.alibaba import ROLES as ALIBABA_ROLES
from samlscope.rules.profiles.aws import CN_ROLES as AWS_CN_ROLES
from samlscope.rules.profiles.aws import ROLES as AWS_ROLES
from samlscope.rules.profiles.aws import US_GOV_ROLES as AWS_US_GOV_ROLES
from samlscope.rules.profiles.model import RoleFacts

FACTS = ALIBABA_ROLES
NAMESPACE = FACTS.namespace
ROLE = FACTS.role
ROLE_SESSION_NAME = FACTS.role_session_name
SESSION_DURATION = FACTS.session_duration
ENTRA_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"

ROLE_ARN = FACTS.role_arn
PROVIDER_ARN = FACTS.provider_arn
_BY_KIND = {
    facts.kind: facts for facts in (ALIBABA_ROLES, AWS_ROLES, AWS_CN_ROLES, AWS_US_GOV_ROLES)
}


def facts_of(ctx: Context) -> RoleFacts:
    """The role facts of the active profile (Alibaba's when it has none)."""
    return ctx.profile.roles or FACTS


def applies(ctx: Context, cloud: str = "alibaba") -> bool:
    """A cloud's role-SSO rules run for its profiles, except on Alibaba's user-SSO endpoint."""
    return (
        ctx.profile.cloud == cloud
        and ctx.message is not None
        and ctx.assertion is not None
        and ctx.endpoint_kind != "user"
    )


def near_misses(
    assertion: Assertion, exact: str, facts: RoleFacts = FACTS
) -> list[tuple[str, str]]:
    """Attributes whose name is almost `exact`: [(name, what is wrong with it)]."""
    local = exact.rpartition("/")[2]
    accepted = facts.attribute_names(local) if exact.startswith(facts.namespace) else (exact,)
    near = dict(facts.near)
    owner = facts.cloud.split()[0]
    found = []
    for attr in assertion.attributes:
        name = attr.name
        if name in accepted:
            continue
        if name.lower() == exact.lower():
            found.append((name, "different letter case (names are case-sensitive)"))
        elif name == local or name.lower() == local.lower():
            found.append((name, "no namespace (Entra's claim Namespace field left empty)"))
        elif any(name == ns + local for ns in near):
            found.append((name, next(w for ns, w in near.items() if name == ns + local)))
        elif local == "Role" and name == ENTRA_ROLE_CLAIM:
            found.append((name, f"Entra's default role claim, not {owner}'s"))
        elif name.lower().endswith("/" + local.lower()) or attr.friendly_name == local:
            found.append((name, "another namespace"))
    return found


def attribute(assertion: Assertion, local: str, facts: RoleFacts = FACTS) -> Attribute | None:
    """The first attribute under any of the cloud's accepted names."""
    for name in facts.attribute_names(local):
        found = assertion.attribute(name)
        if found is not None:
            return found
    return None


class RoleValue(Record):
    """One Role AttributeValue, read as `<RAM role ARN>,<IdP ARN>`."""

    raw: str
    role: re.Match[str] | None
    provider: re.Match[str] | None
    reversed: bool
    problems: tuple[str, ...]
    """Why it is not two well-formed ARNs (empty when it is, in either order)."""


@small_cache(maxsize=256, longest=1024)
def parse_role(raw: str, kind: str = "alibaba") -> RoleValue:
    """One Role value read with a cloud's ARN grammar (`kind`: a RoleFacts kind)."""
    facts = _BY_KIND[kind]
    role_arn, provider_arn = facts.role_arn, facts.provider_arn
    parts = raw.split(",")
    problems: list[str] = []
    if not raw.strip():
        return RoleValue(raw, None, None, False, ("the value is empty",))
    if len(parts) != 2:
        hint = (
            " (several pairs joined with ';'? send one AttributeValue per pair)"
            if ";" in raw
            else ""
        )
        return RoleValue(
            raw, None, None, False, (f"{len(parts)} comma-separated part(s) instead of 2{hint}",)
        )
    first, second = parts
    if first != first.strip() or second != second.strip():
        problems.append("spaces around the ARNs")
    first, second = first.strip(), second.strip()
    role = role_arn.fullmatch(first) or role_arn.fullmatch(second)
    provider = provider_arn.fullmatch(first) or provider_arn.fullmatch(second)
    reversed_ = bool(provider_arn.fullmatch(first) and role_arn.fullmatch(second))
    for part in (first, second):
        if role_arn.fullmatch(part) or provider_arn.fullmatch(part):
            continue
        foreign = next((words for prefix, words in facts.foreign if part.startswith(prefix)), None)
        if foreign is not None:
            problems.append(f"{part!r} {foreign}")
        elif ":role/" in part:
            problems.append(f"{part!r} is not {_a(facts.role_arn_name)} ({facts.role_arn_shape})")
        elif ":saml-provider/" in part:
            problems.append(
                f"{part!r} is not {_a(facts.provider_arn_name)} ({facts.provider_arn_shape})"
            )
        else:
            problems.append(
                f"{part!r} is neither {_a(facts.role_arn_name)} nor {_a(facts.provider_arn_name)}"
            )
    if not problems and not (role and provider):
        problems.append("both ARNs are of the same kind; one role ARN and one IdP ARN are needed")
    return RoleValue(raw, role, provider, reversed_, tuple(problems))


REVERSED_NOTE = "provider ARN first (reversed)"


def role_parts(value: str) -> tuple[str, str, str]:
    """(RAM role ARN, IdP ARN, what is wrong) of a Role value for display: lenient, so a
    malformed or reversed value is still shown in its parts (parse_role judges it)."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2:
        return value, "", "not two comma-separated ARNs"
    first, second = parts
    if ":saml-provider/" in first and ":role/" in second:
        return second, first, REVERSED_NOTE
    return first, second, ""


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "AEIOU" else "a ") + noun


def role_values(ctx: Context) -> list[RoleValue]:
    assert ctx.assertion is not None
    facts = facts_of(ctx)
    attr = attribute(ctx.assertion, "Role", facts)
    return [parse_role(v, facts.kind) for v in attr.values] if attr else []
