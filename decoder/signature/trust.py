"""Trust anchors: the IdP's signing certificates from Federation Metadata XML or a cert file.

Entra's Federation Metadata XML lists every signing certificate of the app (during a rollover,
more than one); all of them count, as they do for Alibaba Cloud once that metadata is uploaded
to RAM. A certificate file may be PEM (one or more certificates), Entra's "Certificate (Base64)"
download, the raw DER "Certificate (Raw)", bare base64, or a PEM public key.
"""

from __future__ import annotations

import base64
import binascii
import re

from lxml import etree

from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.decoder.signature.certs import (
    CertInfo,
    cert_from_base64_text,
    cert_from_der,
    certs_from_pem,
    public_key_pem,
)
from samlscope.record import Record

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
MAX_TRUST_FILE = 5_000_000


class Anchor(Record):
    """One key the user trusts."""

    key_pem: bytes
    """What xmlsec loads: a PEM certificate, or a PEM public key."""
    cert: CertInfo | None
    """The certificate, when the anchor is one (None for a bare public key)."""
    is_cert: bool


class TrustStore(Record):
    """What signatures are checked against, and where that came from."""

    kind: str
    """`metadata` or `certificate`: reported as `trusted_by`."""
    source: str
    anchors: tuple[Anchor, ...]
    entity_ids: tuple[str, ...]
    """entityID values of the IdP(s) in the metadata (empty for a certificate file)."""


def check_entity_id(trust: TrustStore | None, entity_id: str | None) -> None:
    """--idp-entity-id next to metadata must name one of its entityIDs (InputError otherwise):
    two different expected Issuers cannot both hold."""
    if entity_id and trust is not None and trust.entity_ids and entity_id not in trust.entity_ids:
        names = ", ".join(map(repr, trust.entity_ids))
        raise InputError(
            f"--idp-entity-id {entity_id!r} is not the entityID of {trust.source} ({names}); "
            "give one of them, or leave the flag out to use the metadata's"
        )


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_TRUST_FILE + 1)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > MAX_TRUST_FILE:
        raise InputError(f"{path} is larger than {MAX_TRUST_FILE:,} bytes")
    return data


def _cert_anchor(cert: CertInfo) -> Anchor:
    return Anchor(key_pem=cert.pem, cert=cert, is_cert=True)


def _dedupe(anchors: list[Anchor]) -> tuple[Anchor, ...]:
    seen: set[bytes] = set()
    out = []
    for a in anchors:
        if a.key_pem not in seen:
            seen.add(a.key_pem)
            out.append(a)
    return tuple(out)


def load_metadata(path: str) -> TrustStore:
    """Read every signing certificate of the IdP(s) in a SAML metadata document, or in the
    metadata an `aliyun ims GetSAMLProvider` or `aws iam get-saml-provider` answer holds (what
    RAM or IAM verifies with)."""
    data = _read(path)
    if data.lstrip()[:1] == b"{":
        data = provider_metadata(data, path)
    return parse_metadata(data, path)


def provider_metadata(data: bytes, source: str) -> bytes:
    """The metadata document inside a GetSAMLProvider answer: base64 in
    SAMLProvider.EncodedSAMLMetadataDocument (aliyun), or the XML itself in
    SAMLMetadataDocument (aws); InputError when it holds none."""
    import json

    try:
        document = json.loads(data)
        if isinstance(document, dict) and isinstance(document.get("SAMLMetadataDocument"), str):
            return str(document["SAMLMetadataDocument"]).encode("utf-8")
        encoded = document["SAMLProvider"]["EncodedSAMLMetadataDocument"]
        return base64.b64decode("".join(str(encoded).split()), validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError):
        raise InputError(
            f"{source} is JSON but neither an aliyun GetSAMLProvider answer "
            "(SAMLProvider.EncodedSAMLMetadataDocument) nor an aws iam get-saml-provider answer "
            "(SAMLMetadataDocument)"
        ) from None


def parse_metadata(data: bytes, source: str, *, require_certs: bool = True) -> TrustStore:
    """The signing certificates and entityIDs of SAML IdP metadata (not the certificate that
    signs the metadata document itself: only KeyDescriptors count)."""
    try:
        root = parse_xml(data)
    except DecodeError as e:
        raise InputError(f"{source} is not usable metadata: {e.message}") from None
    return metadata_store(root, source, require_certs=require_certs)


def metadata_store(root: etree._Element, source: str, *, require_certs: bool = True) -> TrustStore:
    """parse_metadata on a document already parsed (with samlscope's hardened parser)."""
    entities = [root] if root.tag == f"{{{MD}}}EntityDescriptor" else []
    entities += root.iter(f"{{{MD}}}EntityDescriptor") if not entities else []
    if not entities:
        raise InputError(f"{source} is not SAML metadata (root element is {root.tag!r})")
    anchors: list[Anchor] = []
    entity_ids = []
    for entity in entities:
        idp_descriptors = list(entity.iter(f"{{{MD}}}IDPSSODescriptor"))
        if not idp_descriptors and len(entities) > 1:
            continue
        if entity.get("entityID"):
            entity_ids.append(entity.get("entityID", ""))
        for kd in entity.iter(f"{{{MD}}}KeyDescriptor"):
            if kd.get("use", "signing") != "signing":
                continue
            for el in kd.iter(f"{{{DS}}}X509Certificate"):
                try:
                    anchors.append(_cert_anchor(cert_from_base64_text(el.text or "")))
                except ValueError:
                    continue
    if not anchors and require_certs:
        raise InputError(f"{source} holds no readable signing certificate (KeyDescriptor)")
    return TrustStore("metadata", source, _dedupe(anchors), tuple(dict.fromkeys(entity_ids)))


def load_certificate(path: str) -> TrustStore:
    """Read a certificate file: PEM (one or more), DER, bare base64 DER, or a PEM public key."""
    data = _read(path)
    anchors = [_cert_anchor(c) for c in _parse_cert_file(data, path)]
    if not anchors:
        key = _public_key(data, path)
        anchors = [Anchor(key_pem=key, cert=None, is_cert=False)]
    return TrustStore("certificate", path, _dedupe(anchors), ())


def _parse_cert_file(data: bytes, path: str) -> list[CertInfo]:
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return certs_from_pem(data)
        if b"-----BEGIN" in data:
            return []
        if data[:1] == b"\x30":
            return [cert_from_der(data)]
        text = data.decode("ascii").strip()
        if re.fullmatch(r"[A-Za-z0-9+/=\s]+", text):
            return [cert_from_der(base64.b64decode(re.sub(r"\s+", "", text)))]
    except (ValueError, UnicodeDecodeError, binascii.Error) as e:
        raise InputError(f"{path} is not a readable certificate: {e}") from None
    raise InputError(f"{path} is not a certificate (PEM, DER or base64)")


def _public_key(data: bytes, path: str) -> bytes:
    try:
        key = public_key_pem(data)
    except ValueError as e:
        raise InputError(f"{path} is not a readable public key: {e}") from None
    if key is None:
        raise InputError(f"{path} holds no certificate and no public key")
    return key


def load_trust(metadata: str | None, certificate: str | None) -> TrustStore | None:
    if metadata and certificate:
        raise InputError("give --idp-metadata or --idp-cert, not both")
    if metadata:
        return load_metadata(metadata)
    if certificate:
        return load_certificate(certificate)
    return None
