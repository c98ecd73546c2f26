"""One SAML POST as it was captured, before decoding."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from samlscope.record import Record

if TYPE_CHECKING:
    from samlscope.decoder.message.authnrequest import AuthnRequestInfo
    from samlscope.decoder.readers.idp_pages import IdpError


class SpAnswer(Record):
    """What the service provider answered to the POST, when the capture has it."""

    status: int
    location: str | None = None
    content_type: str | None = None
    body: bytes = b""
    """The first MAX_ANSWER_BODY bytes of the answer (an error page, usually)."""
    date: datetime | None = None
    """The answer's HTTP Date header: the SP's clock."""


MAX_ANSWER_BODY = 256_000


class Capture(Record):
    """A SAMLResponse and what is known about how and when it was posted; or an IdP's error
    page, when the login stopped at the IdP and no SAMLResponse was ever made."""

    source: str
    """Where it came from, for people: a path, `-` for stdin, or `file.har#3`."""
    value: str | None = None
    """The SAMLResponse form value as posted (base64, maybe URL-encoded or deflated)."""
    fields: tuple[tuple[str, str], ...] = ()
    """Every field of the posted form, in order, repeated names kept (empty when the input
    was not a form: a pasted value, an XML file)."""
    form_decoded: bool = False
    """`value` is a form field already percent-decoded once, as the SP decodes it: a `%` left
    in it reaches the SP's base64 decoder (a value encoded twice)."""
    xml: bytes | None = None
    """The XML itself, when the input was an XML file rather than an encoded value."""
    relay_state: str | None = None
    endpoint: str | None = None
    """The URL the response was posted to, when the input carries it."""
    captured_at: datetime | None = None
    """When the POST was made, when the input records it (flow and HAR timestamps)."""
    captured_at_source: str | None = None
    """What `captured_at` was read from, e.g. `HAR startedDateTime`."""
    notes: tuple[str, ...] = ()
    """What the reader had to repair or skip to get here."""
    error: str | None = None
    """Why the reader could not extract a SAMLResponse (reported as SAML001)."""
    answer: SpAnswer | None = None
    recorded_signature: Mapping[str, Any] | None = None
    """The signature verdict `samlscope redact` recorded before removing the signature values."""
    clock_offsets: tuple[tuple[str, float], ...] = ()
    """(whose clock, local minus theirs in seconds), from HTTP Date headers in the capture."""
    idp_error: IdpError | None = None
    """The IdP's error page, when this capture is one: nothing was posted to the SP."""
    idp_start: tuple[str, str, datetime | None] | None = None
    """(IdP, URL, when) of the IdP-initiated start the capture saw before this POST (the
    My Apps launcher, an Okta app link, AD FS's IdpInitiatedSignOn.aspx...), if any."""
    ordinal: int = 0
    """Which SAML POST of its input file this is, counted from 1 (`diff FILE#N` and the
    summary's `#N` count the same way); 0 when not counted."""
    authn_requests: tuple[AuthnRequestInfo, ...] = ()
    """The AuthnRequests the capture saw sent before this POST (SP-initiated sign-in), oldest
    first; empty when it saw none (IdP-initiated, or a capture that started late)."""
