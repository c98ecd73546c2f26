"""Shared check for ALI301 (Role) and ALI302 (RoleSessionName): missing or misnamed claims."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, near_misses
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule


class MissingClaimRule(Rule):
    claim: str

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx):
            return
        assert ctx.assertion is not None
        attr = ctx.assertion.attribute(self.claim)
        if attr is not None and any(v.strip() for v in attr.values):
            return
        if attr is not None:
            yield self.finding(
                f"The attribute {self.claim!r} is present but has no value.",
                evidence={"attribute": self.claim, "values": list(attr.values)},
            )
            return
        near = near_misses(ctx.assertion, self.claim)
        message = f"No attribute named {self.claim!r}."
        if near:
            message += " Found instead: " + "; ".join(f"{n!r} ({why})" for n, why in near) + "."
        yield self.finding(
            message, evidence={"required": self.claim, "near_misses": [n for n, _ in near]}
        )
