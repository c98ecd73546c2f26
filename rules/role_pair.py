"""What every cloud's role-SSO rules share: whether they apply, the active cloud's role facts,
the attributes under its accepted names, near misses, the Role values read with its grammar,
and the checks that are the same for every cloud (each family's rule module subclasses one and
adds its code, name and documentation). Below the families: no family imports another.
"""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.message.model import Assertion, Attribute
from samlscope.facts.idps import ENTRA_ROLE_CLAIM
from samlscope.facts.model import RoleFacts
from samlscope.facts.roles import RoleValue, parse_role
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity


def facts_of(ctx: Context) -> RoleFacts:
    """The role facts of the active profile (every profile a role rule runs under has them)."""
    assert ctx.profile.roles is not None, "a role rule runs only under a cloud's profile"
    return ctx.profile.roles


def applies(ctx: Context, cloud: str) -> bool:
    """A cloud's role-SSO rules run for its profiles, on its role-SSO endpoints only."""
    return (
        ctx.profile.cloud == cloud
        and ctx.profile.roles is not None
        and ctx.message is not None
        and ctx.assertion is not None
        and ctx.endpoint_kind != "user"
    )


def near_misses(assertion: Assertion, exact: str, facts: RoleFacts) -> list[tuple[str, str]]:
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
            found.append((name, "no namespace (the claim's namespace was left empty)"))
        elif any(name == ns + local for ns in near):
            found.append((name, next(w for ns, w in near.items() if name == ns + local)))
        elif local == "Role" and name == ENTRA_ROLE_CLAIM:
            found.append((name, f"Entra's default role claim, not {owner}'s"))
        elif name.lower().endswith("/" + local.lower()) or attr.friendly_name == local:
            found.append((name, "another namespace"))
    return found


def attribute(assertion: Assertion, local: str, facts: RoleFacts) -> Attribute | None:
    """The first attribute under any of the cloud's accepted names."""
    for name in facts.attribute_names(local):
        found = assertion.attribute(name)
        if found is not None:
            return found
    return None


def role_values(ctx: Context) -> list[RoleValue]:
    assert ctx.assertion is not None
    facts = facts_of(ctx)
    attr = attribute(ctx.assertion, "Role", facts)
    return [parse_role(v, facts.kind) for v in attr.values] if attr else []


class MissingClaimRule(Rule):
    claim: str
    """The claim's full name under Alibaba Cloud's namespace (its last part names it for every
    cloud: `Role`, `RoleSessionName`)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        assert ctx.assertion is not None
        facts = facts_of(ctx)
        local = self.claim.rpartition("/")[2]
        exact = facts.namespace + local
        attr = attribute(ctx.assertion, local, facts)
        if attr is not None and any(v.strip() for v in attr.values):
            return
        if attr is not None:
            yield self.finding(
                f"The attribute {attr.name!r} is present but has no value.",
                evidence={"attribute": attr.name, "values": list(attr.values)},
            )
            return
        near = near_misses(ctx.assertion, exact, facts)
        message = f"No attribute named {exact!r}."
        if near:
            message += " Found instead: " + "; ".join(f"{n!r} ({why})" for n, why in near) + "."
        yield self.finding(
            message, evidence={"required": exact, "near_misses": [n for n, _ in near]}
        )


class RoleArnMalformedCheck(Rule):
    """Every Role value is a well-formed ARN pair in the cloud's grammar (ALI304, AWS304)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.problems:
                yield self.finding(
                    f"Role value {index} {value.raw!r} is malformed: "
                    + "; ".join(value.problems)
                    + ".",
                    evidence={"value": value.raw, "index": index, "problems": list(value.problems)},
                )


class RoleAccountMismatchCheck(Rule):
    """The role and the provider of each Role value are in one account (ALI305, AWS305)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        for index, value in enumerate(role_values(ctx), 1):
            if value.role and value.provider and not value.problems:
                role_acct, idp_acct = value.role.group(1), value.provider.group(1)
                if role_acct != idp_acct:
                    provider = facts_of(ctx).provider_arn_name.removesuffix(" ARN")
                    yield self.finding(
                        f"Role value {index}: the role is in account {role_acct} but the "
                        f"{provider} is in account {idp_acct}.",
                        evidence={
                            "value": value.raw,
                            "role_account": role_acct,
                            "provider_account": idp_acct,
                        },
                    )


class SessionDurationCheck(Rule):
    """SessionDuration is whole seconds within the cloud's limits (ALI307, AWS307)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        assert ctx.assertion is not None
        facts = facts_of(ctx)
        low, high, default_max = facts.duration_min, facts.duration_max, facts.duration_default_max
        attr = attribute(ctx.assertion, "SessionDuration", facts)
        if attr is None:
            return
        if len(attr.values) != 1:
            yield self.finding(
                f"SessionDuration has {len(attr.values)} values; at most one is allowed.",
                evidence={"values": list(attr.values)},
            )
            return
        raw = attr.values[0].strip()
        if not raw.isdigit():
            yield self.finding(
                f"SessionDuration {raw!r} is not a whole number of seconds.",
                evidence={"value": raw},
            )
            return
        seconds = int(raw)
        if not low <= seconds <= high:
            yield self.finding(
                f"SessionDuration {seconds} s is outside {low}–{high} s.",
                evidence={"value": seconds},
            )
        elif seconds > default_max:
            role = facts.role_arn_name.removesuffix(" ARN")
            yield self.finding(
                f"SessionDuration {seconds} s exceeds {default_max} s: it works only if the "
                f"{role}'s maximum session duration is at least that long (the default is "
                f"{default_max} s).",
                evidence={"value": seconds},
                severity=Severity.WARNING,
            )


class SessionValueRule(Rule):
    """One value of the cloud's session-name grammar (RoleSessionName: ALI306, AWS306;
    SourceIdentity: AWS312)."""

    local: str
    """The attribute's last name part: `RoleSessionName`, `SourceIdentity`."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or ""):
            return
        assert ctx.assertion is not None
        facts = facts_of(ctx)
        attr = attribute(ctx.assertion, self.local, facts)
        if attr is None or not any(v.strip() for v in attr.values):
            return  # absent: AWS302 for RoleSessionName; SourceIdentity is optional
        if len(attr.values) > 1:
            yield self.finding(
                f"{self.local} has {len(attr.values)} values; exactly one is allowed.",
                evidence={"values": list(attr.values)},
            )
        value = attr.values[0]
        evidence = {"value": value, "length": len(value)}
        bad = sorted({c for c in value if not facts.session_name_allowed.fullmatch(c)})
        if bad:
            yield self.finding(
                f"{self.local} {value!r} contains characters {facts.cloud} does not allow: "
                f"{''.join(bad)!r} (allowed: {facts.session_name_words}).",
                evidence={**evidence, "bad_characters": bad},
            )
        low, high = facts.session_name_min, facts.session_name_max
        if not low <= len(value) <= high:
            yield self.finding(
                f"{self.local} {value!r} is {len(value)} characters; {facts.cloud} allows "
                f"{low}–{high}.",
                evidence=evidence,
            )
