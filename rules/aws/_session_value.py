"""Shared check for AWS306 (RoleSessionName) and AWS312 (SourceIdentity): one value of 2-64
characters of letters, digits and `+=,.@_-`."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.alibaba.claims import applies, attribute, facts_of
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule


class SessionValueRule(Rule):
    local: str
    """The attribute's last name part: `RoleSessionName`, `SourceIdentity`."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not applies(ctx, "aws"):
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
                f"{self.local} {value!r} contains characters AWS does not allow: "
                f"{''.join(bad)!r} (allowed: letters, digits and + = , . @ _ -; no spaces).",
                evidence={**evidence, "bad_characters": bad},
            )
        low, high = facts.session_name_min, facts.session_name_max
        if not low <= len(value) <= high:
            yield self.finding(
                f"{self.local} {value!r} is {len(value)} characters; AWS allows {low}–{high}.",
                evidence=evidence,
            )
