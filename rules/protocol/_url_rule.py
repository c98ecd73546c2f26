"""Shared check for Destination (SAML011) and Recipient (SAML012)."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.urls import compare, expected_acs

CASE_NOTE = (
    " Alibaba Cloud's own AssumeRoleWithSAML sample echoes '/saml-role/SSO', so it may match "
    "case-insensitively; that is not documented."
)


class UrlRule(Rule):
    field: str

    def url_finding(self, ctx: Context, actual: str, where: str) -> Iterator[Finding]:
        expected = expected_acs(ctx)
        if expected is None:
            return
        verdict, diff = compare(actual, expected.url)
        if verdict == "same":
            return
        severity = None
        message = f"{where} is {actual!r}, but {expected.why} is {expected.url!r} ({diff})."
        if verdict == "case" and ctx.wording.alibaba:
            severity = Severity.WARNING
            message += CASE_NOTE
        yield self.finding(
            message,
            severity=severity,
            evidence={
                "actual": actual,
                "expected": expected.url,
                "expected_from": expected.why,
                "difference": diff,
            },
        )
