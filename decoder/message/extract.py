"""Build the typed model (decoder.model) from a parsed, hardened element tree."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from samlscope.cache import small_cache
from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.message.model import (
    Assertion,
    Attribute,
    AuthnStatement,
    Conditions,
    Instant,
    NameID,
    Response,
    SignatureInfo,
    Status,
    SubjectConfirmation,
)
from samlscope.decoder.message.names import (
    ASSERTION,
    DS,
    ENCRYPTED_ASSERTION,
    ID_ATTRIBUTES,
    RESPONSE,
    SAML,
    SAMLP,
    SIGNATURE,
    local_name,
)
from samlscope.decoder.signature.certs import CertInfo, cert_from_base64_text
from samlscope.decoder.timeutil import parse_instant

_WHAT_IS_IT = {
    "AuthnRequest": "a SAML AuthnRequest (the login request), not the IdP's Response",
    "Assertion": "a bare Assertion; the SP is posted the whole samlp:Response around it",
    "LogoutRequest": "a SAML LogoutRequest, not a login Response",
    "LogoutResponse": "a SAML LogoutResponse, not a login Response",
    "html": "an HTML page, not SAML (an error page saved instead of the POST?)",
    "EntityDescriptor": "SAML metadata, not a Response (pass it with --idp-metadata)",
}


_S = f"{{{SAML}}}"
_P = f"{{{SAMLP}}}"
_D = f"{{{DS}}}"
ISSUER, SUBJECT, NAME_ID, CONDITIONS = (
    _S + "Issuer",
    _S + "Subject",
    _S + "NameID",
    _S + "Conditions",
)
CONFIRMATION, CONFIRMATION_DATA = _S + "SubjectConfirmation", _S + "SubjectConfirmationData"
AUTHN_STATEMENT, ATTRIBUTE_STATEMENT = _S + "AuthnStatement", _S + "AttributeStatement"
ATTRIBUTE, ATTRIBUTE_VALUE = _S + "Attribute", _S + "AttributeValue"
AUDIENCE_RESTRICTION, AUDIENCE = _S + "AudienceRestriction", _S + "Audience"
STATUS, STATUS_CODE, STATUS_MESSAGE = _P + "Status", _P + "StatusCode", _P + "StatusMessage"
SIGNED_INFO, REFERENCE, TRANSFORM = _D + "SignedInfo", _D + "Reference", _D + "Transform"
C14N_METHOD, SIGNATURE_METHOD = _D + "CanonicalizationMethod", _D + "SignatureMethod"
DIGEST_METHOD, SIGNATURE_VALUE = _D + "DigestMethod", _D + "SignatureValue"
KEY_INFO, X509_CERTIFICATE = _D + "KeyInfo", _D + "X509Certificate"


def text_of(el: etree._Element | None) -> str | None:
    """Full text content (comments and PIs skipped, never truncated at them)."""
    if el is None:
        return None
    if not len(el):  # no child, so no comment or PI to skip: the common case
        return el.text or ""
    return "".join(str(t) for t in el.itertext())


def has_comment(el: etree._Element) -> bool:
    if not len(el):
        return False
    return any(
        isinstance(node, etree._Comment | etree._ProcessingInstruction) for node in el.iter()
    )


def _instant(raw: str | None) -> Instant | None:
    return None if raw is None else _read_instant(raw)


@small_cache(maxsize=256, longest=64)  # longer is no xs:dateTime (parse_instant says so)
def _read_instant(raw: str) -> Instant:
    """Cached: one response repeats its few instants (issued, not before, not on or after)."""
    return Instant(raw, parse_instant(raw))


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this tag (iterchildren: no path to parse, as find has)."""
    return next(el.iterchildren(tag), None)


def element_path(el: etree._Element) -> str:
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local_name(node.tag)
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))


def element_id(el: etree._Element) -> str | None:
    return el.get("ID")


def _status(el: etree._Element | None) -> Status | None:
    if el is None:
        return None
    codes = []
    code_el = first_child(el, STATUS_CODE)
    while code_el is not None:
        codes.append(code_el.get("Value", ""))
        code_el = first_child(code_el, STATUS_CODE)
    message = text_of(first_child(el, STATUS_MESSAGE))
    return Status(codes[0] if codes else None, tuple(codes[1:]), message)


def _confirmation(el: etree._Element) -> SubjectConfirmation:
    data = first_child(el, CONFIRMATION_DATA)

    def get(name: str) -> str | None:
        return data.get(name) if data is not None else None

    return SubjectConfirmation(
        method=el.get("Method"),
        recipient=get("Recipient"),
        not_on_or_after=_instant(get("NotOnOrAfter")),
        not_before=_instant(get("NotBefore")),
        in_response_to=get("InResponseTo"),
        has_data=data is not None,
    )


def _conditions(el: etree._Element | None) -> Conditions | None:
    if el is None:
        return None
    audiences = tuple(
        (text_of(a) or "").strip()
        for r in el.iterchildren(AUDIENCE_RESTRICTION)
        for a in r.iterchildren(AUDIENCE)
    )
    return Conditions(_instant(el.get("NotBefore")), _instant(el.get("NotOnOrAfter")), audiences)


def _attributes(assertion: etree._Element) -> tuple[Attribute, ...]:
    out = []
    for statement in assertion.iterchildren(ATTRIBUTE_STATEMENT):
        for attr in statement.iterchildren(ATTRIBUTE):
            values = []
            commented = False
            for value in attr:
                if value.tag != ATTRIBUTE_VALUE:
                    continue
                if len(value):  # a child element, comment or PI: the rare, slow path
                    values.append(text_of(value) or "")
                    commented = commented or has_comment(value)
                else:
                    values.append(value.text or "")
            out.append(
                Attribute(
                    name=attr.get("Name", ""),
                    name_format=attr.get("NameFormat"),
                    friendly_name=attr.get("FriendlyName"),
                    values=tuple(values),
                    has_comment=commented,
                )
            )
    return tuple(out)


def _assertion(el: etree._Element) -> Assertion:
    subject = first_child(el, SUBJECT)
    name_id = None
    confirmations: tuple[SubjectConfirmation, ...] = ()
    if subject is not None:
        nid = first_child(subject, NAME_ID)
        if nid is not None:
            name_id = NameID(text_of(nid) or "", nid.get("Format"), has_comment(nid))
        confirmations = tuple(_confirmation(c) for c in subject.iterchildren(CONFIRMATION))
    authn = tuple(
        AuthnStatement(
            _instant(a.get("AuthnInstant")),
            a.get("SessionIndex"),
            _instant(a.get("SessionNotOnOrAfter")),
        )
        for a in el.iterchildren(AUTHN_STATEMENT)
    )
    return Assertion(
        id=element_id(el),
        issue_instant=_instant(el.get("IssueInstant")),
        issuer=text_of(first_child(el, ISSUER)),
        name_id=name_id,
        confirmations=confirmations,
        conditions=_conditions(first_child(el, CONDITIONS)),
        authn_statements=authn,
        attributes=_attributes(el),
    )


REDACTED_MARK = "samlscope-redacted"
"""The processing instruction `samlscope redact` leaves in each SignatureValue it empties."""

MAX_EMBEDDED_CERTS = 4
"""Embedded certificates read per Signature. A real IdP embeds one (two during a rollover);
a hostile message may embed hundreds, and each would cost a parse and an xmlsec try."""


def _embedded_certs(sig: etree._Element) -> tuple[tuple[CertInfo, ...], int]:
    """(the first MAX_EMBEDDED_CERTS distinct parseable certificates, how many are embedded)."""
    certs: dict[str, CertInfo] = {}
    total = 0
    key_info = first_child(sig, KEY_INFO)
    if key_info is not None:
        for el in key_info.iter(X509_CERTIFICATE):
            total += 1
            if len(certs) >= MAX_EMBEDDED_CERTS:
                continue
            try:
                cert = cert_from_base64_text(el.text or "")
            except ValueError:
                continue
            certs.setdefault(cert.sha256, cert)
    return tuple(certs.values()), total


def signature_info(
    sig: etree._Element, root: etree._Element, consumed: etree._Element | None
) -> SignatureInfo:
    parent = sig.getparent()
    assert parent is not None
    if parent is root:
        placement = "response"
    elif consumed is not None and parent is consumed:
        placement = "assertion"
    else:
        placement = "other"
    signed_info = first_child(sig, SIGNED_INFO)
    refs: list[etree._Element] = []
    c14n = method = None
    if signed_info is not None:
        for child in signed_info:  # one pass; the first of each kind counts, as with find
            tag = child.tag
            if tag == REFERENCE:
                refs.append(child)
            elif tag == C14N_METHOD:
                c14n = c14n if c14n is not None else child
            elif tag == SIGNATURE_METHOD:
                method = method if method is not None else child
    transforms = tuple(t.get("Algorithm", "") for r in refs for t in r.iter(TRANSFORM))
    certificates, embedded_count = _embedded_certs(sig)
    value = first_child(sig, SIGNATURE_VALUE)
    return SignatureInfo(
        path=element_path(sig),
        parent=local_name(parent.tag),
        parent_id=element_id(parent),
        placement=placement,
        reference_uris=tuple(r.get("URI") for r in refs),
        transforms=transforms,
        canonicalization=c14n.get("Algorithm") if c14n is not None else None,
        signature_method=method.get("Algorithm") if method is not None else None,
        digest_methods=tuple(
            d.get("Algorithm", "") for r in refs for d in r.iterchildren(DIGEST_METHOD)
        ),
        certificates=certificates,
        embedded_count=embedded_count,
        value_present=value is None or bool((value.text or "").strip()),
        redacted=value is not None
        and len(value) > 0
        and any(
            isinstance(c, etree._ProcessingInstruction) and c.target == REDACTED_MARK for c in value
        ),
    )


_ID_VALUES = etree.XPath(
    "|".join(f"//@{name}" for name in ID_ATTRIBUTES),
    smart_strings=False,  # plain strings: no reference back to each attribute's element
)


def duplicate_ids(root: etree._Element) -> tuple[str, ...]:
    """ID values (ID, Id or id attributes) that occur more than once in the document."""
    values: list[str] = [v for v in _ID_VALUES(root) if v]  # type: ignore[union-attr,misc]
    if len(values) == len(set(values)):
        return ()
    counts = Counter(values)
    return tuple(sorted(v for v, n in counts.items() if n > 1))


def describe_root(root: etree._Element) -> str:
    name = local_name(root.tag)
    return _WHAT_IS_IT.get(name, f"a <{name}> document, not a samlp:Response")


def extract_response(root: etree._Element) -> Response:
    """Read a samlp:Response; raise DecodeError(SAML003) for any other document."""
    if root.tag != RESPONSE:
        raise DecodeError(Problem.NOT_A_RESPONSE, f"the XML is {describe_root(root)}")
    assertion_els = list(root.iterchildren(ASSERTION))
    consumed = assertion_els[0] if assertion_els else None
    all_assertions = sum(1 for _ in root.iter(ASSERTION))
    return Response(
        id=element_id(root),
        version=root.get("Version"),
        issue_instant=_instant(root.get("IssueInstant")),
        destination=root.get("Destination"),
        in_response_to=root.get("InResponseTo"),
        issuer=text_of(first_child(root, ISSUER)),
        status=_status(first_child(root, STATUS)),
        assertions=tuple(_assertion(a) for a in assertion_els),
        encrypted_assertions=sum(1 for _ in root.iterchildren(ENCRYPTED_ASSERTION)),
        nested_assertions=all_assertions - len(assertion_els),
        signatures=tuple(signature_info(s, root, consumed) for s in root.iter(SIGNATURE)),
        duplicate_ids=duplicate_ids(root),
    )
