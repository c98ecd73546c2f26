"""The AuthnRequests a capture saw before a SAML POST, and which of them were this SP's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samlscope.decoder.timeutil import iso
from samlscope.urlparts import host_of

if TYPE_CHECKING:
    from samlscope.decoder.message.authnrequest import AuthnRequestInfo
    from samlscope.rules.context import Context


def in_response_to(ctx: Context) -> list[tuple[str, str]]:
    """(where, value) of every InResponseTo the response carries."""
    values = [("Response", ctx.response.in_response_to)]
    if ctx.assertion is not None:
        values += [
            ("SubjectConfirmationData", c.in_response_to) for c in ctx.assertion.confirmations
        ]
    return [(where, v) for where, v in values if v]


def requests_for_sp(ctx: Context) -> list[AuthnRequestInfo]:
    """The capture's AuthnRequests that ask for this SP: their ACS URL is on the host posted
    to, or their Issuer is an Audience of the assertion (all of them when none says)."""
    requests = list(ctx.capture.authn_requests)
    host = host_of(ctx.endpoint)
    conditions = ctx.assertion.conditions if ctx.assertion is not None else None
    audiences = set(conditions.audiences) if conditions is not None else set()
    mine = [
        r
        for r in requests
        if (r.acs_url and host and host_of(r.acs_url) == host) or (r.issuer in audiences)
    ]
    return mine or [r for r in requests if not r.acs_url and not r.issuer]


def describe(request: AuthnRequestInfo) -> str:
    sent = f", sent {iso(request.sent_at)}" if request.sent_at else ""
    return f"AuthnRequest {request.id!r} (IssueInstant {request.issue_instant}{sent})"
