"""The Role value's grammar: one value read as a pair of ARNs with a cloud's RoleFacts.

Decoder-free and rule-free, so rules, views, `diff` and `check` all read a Role value the same
way. Sources: each cloud's facts module (Alibaba Cloud, "AssumeRoleWithSAML"; AWS, "Configure
SAML assertions for the authentication response").
"""

from __future__ import annotations

import re

from samlscope.cache import small_cache
from samlscope.facts import role_facts
from samlscope.facts.model import RoleFacts
from samlscope.record import Record


class RoleValue(Record):
    """One Role AttributeValue, read as `<RAM role ARN>,<IdP ARN>`."""

    raw: str
    role: re.Match[str] | None
    provider: re.Match[str] | None
    reversed: bool
    problems: tuple[str, ...]
    """Why it is not two well-formed ARNs (empty when it is, in either order)."""


@small_cache(maxsize=8192, longest=512)
def parse_role(raw: str, kind: str) -> RoleValue:
    """One Role value read with a cloud's ARN grammar (`kind`: a RoleFacts kind). Cached for
    a large tenant's distinct values (`check` reads each in several rules and its view); a
    real value is under 200 characters, so the cache holds at most a few MB."""
    facts = role_facts(kind)
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
        return RoleValue(raw, None, None, False, (_not_a_pair(raw, parts, facts) + hint,))
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


def _not_a_pair(raw: str, parts: list[str], facts: RoleFacts) -> str:
    """Why a value is not two comma-separated ARNs, naming the ARN that is missing and its
    shape."""
    if len(parts) == 1:
        alone = raw.strip()
        if facts.role_arn.fullmatch(alone):
            missing, shape = facts.provider_arn_name, facts.provider_arn_shape
            have = f"only {_a(facts.role_arn_name)}"
        elif facts.provider_arn.fullmatch(alone):
            missing, shape = facts.role_arn_name, facts.role_arn_shape
            have = f"only {_a(facts.provider_arn_name)}"
        else:
            return (
                f"one part, not two comma-separated ARNs; {facts.pair!r} is needed "
                f"({facts.role_arn_shape}; {facts.provider_arn_shape})"
            )
        return f"{have}: the {missing} is missing ({shape}); the value is {facts.pair!r}"
    return f"{len(parts)} comma-separated parts instead of 2 ({facts.pair!r})"


def kind_of_value(value: str) -> RoleFacts | None:
    """The cloud (or partition) whose ARN grammar a Role value, or a single ARN, is written
    in, by how it starts; None when no cloud's."""
    from samlscope.facts import ROLE_FACTS

    head = value.strip()
    return next((facts for facts in ROLE_FACTS if head.startswith(facts.arn_prefix)), None)


def grammar_for(cloud: str, value: str) -> str:
    """The ARN grammar (a RoleFacts kind) a value configured for a cloud's app is judged by:
    the cloud's own, or the partition of it that the value names."""
    from samlscope.facts import cloud_of_kind, words

    found = kind_of_value(value)
    if found is not None and cloud_of_kind(found.kind) == cloud:
        return found.kind
    return words(cloud).kind
