"""Comparing the URL a response names (Destination, Recipient) with where it was posted."""

from __future__ import annotations

from samlscope.record import Record
from samlscope.rules.context import Context
from samlscope.urlparts import split_url


class Expected(Record):
    url: str
    why: str
    """Where the expected URL came from, for the message."""


def expected_acs(ctx: Context) -> Expected | None:
    """The URL the response was posted to, else the profile's role-SSO ACS (None: unknown)."""
    if ctx.endpoint:
        return Expected(ctx.endpoint, "the URL it was posted to")
    if ctx.profile.role_acs:
        return Expected(ctx.profile.role_acs, f"the {ctx.profile.name} role-SSO endpoint")
    return None


def compare(actual: str, expected: str) -> tuple[str, str]:
    """('same' | 'case' | 'different', what differs).

    Scheme and host compare case-insensitively, the path exactly.
    """
    if actual == expected:
        return "same", ""
    a, e = split_url(actual), split_url(expected)
    if a is None or e is None:
        return "different", f"{actual if a is None else expected!r} is not a valid URL"
    diffs = []
    if a.scheme != e.scheme:
        diffs.append(f"scheme {a.scheme or '(none)'} instead of {e.scheme}")
    if a.host != e.host:
        diffs.append(f"host {a.host or '(none)'} instead of {e.host}")
    if a.port != e.port:
        diffs.append(f"port {a.port} instead of {e.port}")
    if a.path != e.path:
        if a.path.rstrip("/") == e.path.rstrip("/"):
            diffs.append(f"path {a.path!r} instead of {e.path!r} (trailing slash)")
        elif a.path.lower() == e.path.lower():
            diffs.append(f"path {a.path!r} instead of {e.path!r} (letter case only)")
        else:
            diffs.append(f"path {a.path!r} instead of {e.path!r}")
    if a.query != e.query:
        diffs.append(f"query {a.query!r} instead of {e.query!r}")
    if not diffs:
        return "same", ""
    only_case = len(diffs) == 1 and diffs[0].endswith("(letter case only)")
    return ("case" if only_case else "different"), "; ".join(diffs)
