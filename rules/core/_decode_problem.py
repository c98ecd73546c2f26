"""Shared check for the three rules that report why an input could not be analysed."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.decoder.errors import Problem
from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule


class DecodeProblemRule(Rule):
    """Base: yields one finding when decoding failed with this rule's problem."""

    needs_message = False
    problem: Problem

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.problem is not None and ctx.problem.problem is self.problem:
            yield self.finding(
                ctx.problem.message[:1].upper() + ctx.problem.message[1:] + ".",
                evidence={"source": ctx.capture.source, **ctx.problem.evidence},
                fix=ctx.problem.fix,
            )
