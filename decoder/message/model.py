"""The typed, immutable picture of a decoded SAMLResponse.

Every field holds what the XML says, as text, with parsed times next to their raw values, so a
report can show both. Values are read as their full text content: an XML comment inside a NameID
(the comment-injection attack) neither truncates the value nor hides; `has_comment` says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from samlscope.decoder.signature.certs import CertInfo
from samlscope.record import Record

if TYPE_CHECKING:
    from samlscope.decoder.message.decrypt import DecryptionProblem


class Instant(Record):
    """A timestamp as written in the XML, and its parsed UTC value (None if unparseable)."""

    raw: str
    value: datetime | None


class Status(Record):
    code: str | None
    """Top-level StatusCode Value, e.g. urn:oasis:names:tc:SAML:2.0:status:Success."""
    nested: tuple[str, ...]
    """Second-level (and deeper) StatusCode values, outermost first."""
    message: str | None


class NameID(Record):
    value: str
    format: str | None
    has_comment: bool


class SubjectConfirmation(Record):
    method: str | None
    recipient: str | None
    not_on_or_after: Instant | None
    not_before: Instant | None
    in_response_to: str | None
    has_data: bool


class Conditions(Record):
    not_before: Instant | None
    not_on_or_after: Instant | None
    audiences: tuple[str, ...]


class AuthnStatement(Record):
    authn_instant: Instant | None
    session_index: str | None
    session_not_on_or_after: Instant | None


class Attribute(Record):
    name: str
    name_format: str | None
    friendly_name: str | None
    values: tuple[str, ...]
    has_comment: bool
    """An AttributeValue holds an XML comment or processing instruction."""


class Assertion(Record):
    id: str | None
    issue_instant: Instant | None
    issuer: str | None
    name_id: NameID | None
    confirmations: tuple[SubjectConfirmation, ...]
    conditions: Conditions | None
    authn_statements: tuple[AuthnStatement, ...]
    attributes: tuple[Attribute, ...]

    def attribute(self, name: str) -> Attribute | None:
        """The first attribute with this Name (rules ask for a few names on every check)."""
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None


class SignatureInfo(Record):
    """One ds:Signature element: where it sits and what it claims to sign."""

    path: str
    """Where the Signature sits, e.g. /Response/Assertion[1]/Signature."""
    parent: str
    """Local name of the element that holds it (Response, Assertion, ...)."""
    parent_id: str | None
    placement: str
    """`response` (on the Response), `assertion` (on the assertion an SP consumes) or `other`."""
    reference_uris: tuple[str | None, ...]
    transforms: tuple[str, ...]
    canonicalization: str | None
    signature_method: str | None
    digest_methods: tuple[str, ...]
    certificates: tuple[CertInfo, ...]
    """Distinct certificates embedded in KeyInfo/X509Data, at most MAX_EMBEDDED_CERTS of them
    (unparseable ones are left out)."""
    embedded_count: int = 0
    """How many X509Certificate elements KeyInfo holds (more than `certificates` when capped)."""
    value_present: bool = True
    """False when SignatureValue is empty: never filled in, or removed by `samlscope redact`."""
    redacted: bool = False
    """SignatureValue carries `samlscope redact`'s mark (a `<?samlscope-redacted?>` processing
    instruction): its value was removed on purpose. Only ever makes a verdict `redacted`."""


class Response(Record):
    id: str | None
    version: str | None
    issue_instant: Instant | None
    destination: str | None
    in_response_to: str | None
    issuer: str | None
    status: Status | None
    assertions: tuple[Assertion, ...]
    """The saml:Assertion children of the Response, in document order."""
    encrypted_assertions: int
    nested_assertions: int
    """Assertions elsewhere in the document (Advice, Extensions, ...): never consumed."""
    signatures: tuple[SignatureInfo, ...]
    duplicate_ids: tuple[str, ...]
    """ID values that occur on more than one element."""

    @property
    def consumed(self) -> Assertion | None:
        """The assertion an SP reads: the first Assertion child of the Response."""
        return self.assertions[0] if self.assertions else None


class SamlMessage(Record):
    """A decoded SAMLResponse: the model plus how it was decoded."""

    response: Response
    xml_size: int
    encoded_length: int | None
    """Characters of base64 as posted (None when the input was XML)."""
    notes: tuple[str, ...]
    decrypted_assertions: int = 0
    """EncryptedAssertions decrypted with --sp-key (and replaced by their Assertion)."""
    decryption_problems: tuple[DecryptionProblem, ...] = ()
