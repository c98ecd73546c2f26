"""An SP's AuthnRequest seen in a capture: the `SAMLRequest` of the HTTP-Redirect binding (a
URL query parameter: base64 of raw DEFLATE) or of the POST binding (a form field: base64).

Only what correlating the response needs is read: ID, IssueInstant, Destination,
AssertionConsumerServiceURL, Issuer, the NameIDPolicy format, ForceAuthn and IsPassive. A
value that does not decode to an AuthnRequest is not one (None): it is never an error, since
the capture's SAML POST is what is judged.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import inflate, looks_like_xml
from samlscope.decoder.message.names import SAML, SAMLP
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.decoder.timeutil import parse_instant
from samlscope.record import Record

MAX_REQUEST_CHARS = 64_000
MAX_REQUEST_XML = 256_000
"""An AuthnRequest is a few kB; anything larger is not read (it is never the evidence)."""


class AuthnRequestInfo(Record):
    id: str | None
    issue_instant: str | None
    destination: str | None
    acs_url: str | None
    issuer: str | None
    name_id_format: str | None
    force_authn: bool
    is_passive: bool
    binding: str
    """`redirect` or `post`: how it reached the IdP."""
    url: str
    """Where it was sent (the IdP's URL, without the query)."""
    sent_at: datetime | None = None
    """When the capture saw it go (HAR startedDateTime, the flow's timestamp)."""

    @property
    def issued(self) -> datetime | None:
        return parse_instant(self.issue_instant) if self.issue_instant else None


def request_value(url: str) -> str | None:
    """The SAMLRequest query parameter of a URL, if any."""
    if "SAMLRequest=" not in url:
        return None
    query = urlsplit(url).query
    for name, value in parse_qsl(query[:MAX_REQUEST_CHARS], keep_blank_values=True):
        if name == "SAMLRequest":
            return value
    return None


def _xml(value: str) -> bytes | None:
    text = "".join(value.split())[:MAX_REQUEST_CHARS]
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if looks_like_xml(data):  # the POST binding (or a redirect that skipped DEFLATE)
        return data if len(data) <= MAX_REQUEST_XML else None
    try:
        xml = inflate(data)
    except DecodeError:
        return None
    return xml if xml is not None and len(xml) <= MAX_REQUEST_XML else None


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def read_authn_request(
    value: str, url: str, binding: str, sent_at: datetime | None = None
) -> AuthnRequestInfo | None:
    xml = _xml(value)
    if xml is None:
        return None
    try:
        root = parse_xml(xml)
    except DecodeError:
        return None
    if root.tag != f"{{{SAMLP}}}AuthnRequest":
        return None
    issuer = root.find(f"{{{SAML}}}Issuer")
    policy = root.find(f"{{{SAMLP}}}NameIDPolicy")
    parts = urlsplit(url)
    return AuthnRequestInfo(
        id=root.get("ID"),
        issue_instant=root.get("IssueInstant"),
        destination=root.get("Destination"),
        acs_url=root.get("AssertionConsumerServiceURL"),
        issuer=(issuer.text or "").strip() if issuer is not None else None,
        name_id_format=policy.get("Format") if policy is not None else None,
        force_authn=_bool(root.get("ForceAuthn")),
        is_passive=_bool(root.get("IsPassive")),
        binding=binding,
        url=f"{parts.scheme}://{parts.netloc}{parts.path}",
        sent_at=sent_at,
    )
