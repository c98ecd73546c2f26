"""Shared check for the missing-claim rules (ALI301/ALI302, AWS301/AWS302): a claim that is
missing or misnamed. The claim's full names come from the active profile's facts."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, attribute, facts_of, near_misses
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule


class MissingClaimRule(Rule):
    claim: str
    """The claim's full name under Alibaba Cloud's namespace (its last part names it for every
    cloud: `Role`, `RoleSessionName`)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, self.cloud_of() or "alibaba"):
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
