"""Shared check for Destination (SAML011) and Recipient (SAML012)."""

from __future__ import annotations

from collections.abc import Iterator

from samlscope.rules.context import Context
from samlscope.rules.engine import Finding, Rule, Severity
from samlscope.rules.urls import compare, expected_acs


def _regional_note(ctx: Context, actual: str, expected: str) -> str:
    """AWS: the global and a regional sign-in endpoint are different endpoints."""
    from samlscope.facts import profile_for_url
    from samlscope.urlparts import host_of

    profile = ctx.profile
    if profile.regional_hosts is None or profile_for_url(actual) is not profile_for_url(expected):
        return ""
    hosts = host_of(actual), host_of(expected)
    if hosts[0] == hosts[1]:
        return ""
    return (
        f" {profile.title} compares it with the sign-in endpoint posted to: a regional "
        "endpoint's response posted to the global one (or the reverse) fails, and the role's "
        "trust policy condition SAML:aud must name the same endpoint."
    )


class UrlRule(Rule):
    field: str

    def url_finding(self, ctx: Context, actual: str, where: str) -> Iterator[Finding]:
        expected = expected_acs(ctx)
        if expected is None:
            return
        if not ctx.endpoint:
            from samlscope.facts import endpoint

            named = endpoint(actual)
            if named is not None and named.profile is ctx.profile:
                return  # unknown where it was posted: any of this SP's own endpoints may be it
        verdict, diff = compare(actual, expected.url)
        if verdict == "same":
            return
        severity = None
        message = f"{where} is {actual!r}, but {expected.why} is {expected.url!r} ({diff})."
        if verdict == "case" and ctx.profile.path_case_note:
            severity = Severity.WARNING
            message += " " + ctx.profile.path_case_note
        message += _regional_note(ctx, actual, expected.url)
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
