"""Alibaba role-SSO claim names, their near misses, and the Role value grammar.

Sources: Alibaba Cloud, "SAML assertion attributes for role-based SSO" (attributes) and Alibaba
Cloud, "AssumeRoleWithSAML" (ARN formats); see docs/sources.md.
"""

from __future__ import annotations

import re

from samlscope.cache import small_cache
from samlscope.decoder.message.model import Assertion
from samlscope.record import Record
from samlscope.rules.context import Context

NAMESPACE = "https://www.aliyun.com/SAML-Role/Attributes/"
ROLE = NAMESPACE + "Role"
ROLE_SESSION_NAME = NAMESPACE + "RoleSessionName"
SESSION_DURATION = NAMESPACE + "SessionDuration"

_NEAR = {
    "http://www.aliyun.com/SAML-Role/Attributes/": "http:// instead of https://",
    "https://aws.amazon.com/SAML/Attributes/": "the AWS namespace (copied from an AWS setup?)",
    "http://www.amazonaws.cn/SAML/Attributes/": "the AWS China namespace",
}
ENTRA_ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"

ROLE_ARN = re.compile(r"acs:ram::(\d+):role/([A-Za-z0-9_.\-]{1,64})")
PROVIDER_ARN = re.compile(r"acs:ram::(\d+):saml-provider/([A-Za-z0-9_.\-]{1,128})")


def applies(ctx: Context) -> bool:
    """Alibaba role-SSO rules run for the Alibaba profiles, except on the user-SSO endpoint."""
    return (
        ctx.profile.name.startswith("alibaba")
        and ctx.message is not None
        and ctx.assertion is not None
        and ctx.endpoint_kind != "user"
    )


def near_misses(assertion: Assertion, exact: str) -> list[tuple[str, str]]:
    """Attributes whose name is almost `exact`: [(name, what is wrong with it)]."""
    local = exact.rpartition("/")[2]
    found = []
    for attr in assertion.attributes:
        name = attr.name
        if name == exact:
            continue
        if name.lower() == exact.lower():
            found.append((name, "different letter case (names are case-sensitive)"))
        elif name == local or name.lower() == local.lower():
            found.append((name, "no namespace (Entra's claim Namespace field left empty)"))
        elif any(name == ns + local for ns in _NEAR):
            found.append((name, next(w for ns, w in _NEAR.items() if name == ns + local)))
        elif local == "Role" and name == ENTRA_ROLE_CLAIM:
            found.append((name, "Entra's default role claim, not Alibaba's"))
        elif name.lower().endswith("/" + local.lower()) or attr.friendly_name == local:
            found.append((name, "another namespace"))
    return found


class RoleValue(Record):
    """One Role AttributeValue, read as `<RAM role ARN>,<IdP ARN>`."""

    raw: str
    role: re.Match[str] | None
    provider: re.Match[str] | None
    reversed: bool
    problems: tuple[str, ...]
    """Why it is not two well-formed ARNs (empty when it is, in either order)."""


@small_cache(maxsize=256, longest=1024)
def parse_role(raw: str) -> RoleValue:
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
    role = ROLE_ARN.fullmatch(first) or ROLE_ARN.fullmatch(second)
    provider = PROVIDER_ARN.fullmatch(first) or PROVIDER_ARN.fullmatch(second)
    reversed_ = bool(PROVIDER_ARN.fullmatch(first) and ROLE_ARN.fullmatch(second))
    for part in (first, second):
        if ROLE_ARN.fullmatch(part) or PROVIDER_ARN.fullmatch(part):
            continue
        if part.startswith("arn:aws"):
            problems.append(f"{part!r} is an AWS ARN, not an Alibaba Cloud acs:ram ARN")
        elif ":role/" in part:
            problems.append(
                f"{part!r} is not a RAM role ARN (acs:ram::<account ID>:role/<name>, "
                "name of letters, digits, '.', '_', '-', up to 64)"
            )
        elif ":saml-provider/" in part:
            problems.append(
                f"{part!r} is not an IdP ARN (acs:ram::<account ID>:saml-provider/"
                "<name>, up to 128 letters, digits, '.', '_', '-')"
            )
        else:
            problems.append(f"{part!r} is neither a RAM role ARN nor an IdP ARN")
    if not problems and not (role and provider):
        problems.append("both ARNs are of the same kind; one role ARN and one IdP ARN are needed")
    return RoleValue(raw, role, provider, reversed_, tuple(problems))


def role_parts(value: str) -> tuple[str, str, str]:
    """(RAM role ARN, IdP ARN, what is wrong) of a Role value for display: lenient, so a
    malformed or reversed value is still shown in its parts (parse_role judges it)."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2:
        return value, "", "not two comma-separated ARNs"
    first, second = parts
    if ":saml-provider/" in first and ":role/" in second:
        return second, first, "provider ARN first (reversed)"
    return first, second, ""


def role_values(ctx: Context) -> list[RoleValue]:
    assert ctx.assertion is not None
    attr = ctx.assertion.attribute(ROLE)
    return [parse_role(v) for v in attr.values] if attr else []
