"""Signature verdicts on real xmlsec signatures made by samples/generate.py."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from lxml import etree

from helpers import SAMPLES
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.message.extract import extract_response
from samlscope.decoder.message.xmlparse import parse_xml
from samlscope.decoder.signature.trust import TrustStore, load_certificate, load_metadata
from samlscope.decoder.signature.verify import Outcome, SignatureStatus, Verification, verify

IDP = SAMPLES / "idp"
METADATA = load_metadata(str(IDP / "federation-metadata.xml"))


def _xml(name: str) -> bytes:
    path = SAMPLES / "entra" / name
    raw = path.read_text()
    if raw.startswith("SAMLResponse="):
        raw = raw.split("&")[0].split("=", 1)[1]
    return raw.encode() if path.suffix == ".xml" else decode_value(raw).xml


def check(xml: bytes, trust: TrustStore | None = METADATA) -> Verification:
    root = parse_xml(xml)
    return verify(root, extract_response(root), trust)


@pytest.mark.parametrize(
    "name,status,signed",
    [
        ("valid.b64", SignatureStatus.VALID, ("Assertion",)),
        ("valid-cn.b64", SignatureStatus.VALID, ("Assertion",)),
        ("both-signed.b64", SignatureStatus.VALID, ("Response", "Assertion")),
        ("response-only-signed.form", SignatureStatus.VALID, ("Response",)),
        ("sha1.b64", SignatureStatus.VALID, ("Assertion",)),
        ("tampered.b64", SignatureStatus.INVALID, ()),
        ("unsigned.b64", SignatureStatus.UNSIGNED, ()),
        ("other-key.b64", SignatureStatus.UNTRUSTED, ("Assertion",)),
        ("wrapped.b64", SignatureStatus.INVALID, ()),
    ],
)
def test_sample_verdicts(name: str, status: SignatureStatus, signed: tuple[str, ...]) -> None:
    result = check(_xml(name))
    assert result.status is status, result.summary
    assert set(result.signed_elements) == set(signed)


def test_tampering_is_explained_as_a_digest_mismatch() -> None:
    result = check(_xml("tampered.b64"))
    assert "digest mismatch" in result.summary


def test_without_anchor_the_embedded_certificate_gives_unpinned() -> None:
    result = check(_xml("valid.b64"), trust=None)
    assert result.status is SignatureStatus.UNPINNED
    assert result.primary is not None and result.primary.trusted_by == "embedded"


def test_without_anchor_a_tampered_response_is_still_invalid() -> None:
    assert check(_xml("tampered.b64"), trust=None).status is SignatureStatus.INVALID


def test_rollover_metadata_with_two_certificates(tmp_path: Path) -> None:
    text = (IDP / "federation-metadata.xml").read_text()
    attacker = "".join(
        line
        for line in (IDP / "test-attacker-cert.pem").read_text().splitlines()
        if "--" not in line
    )
    key = (
        '<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'
        f"<X509Data><X509Certificate>{attacker}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>"
    )
    rolled = text.replace(
        '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
        '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        + key,
    )
    path = tmp_path / "rollover.xml"
    path.write_text(rolled)
    store = load_metadata(str(path))
    assert len(store.anchors) == 2
    for sample in ("valid.b64", "other-key.b64"):
        assert check(_xml(sample), store).status is SignatureStatus.VALID


@pytest.mark.parametrize("form", ["pem", "der", "base64"])
def test_certificate_files(tmp_path: Path, form: str) -> None:
    pem = (IDP / "test-idp-cert.pem").read_bytes()
    body = b"".join(line for line in pem.splitlines() if b"--" not in line)
    data = {"pem": pem, "der": base64.b64decode(body), "base64": body + b"\n"}[form]
    path = tmp_path / f"cert.{form}"
    path.write_bytes(data)
    store = load_certificate(str(path))
    assert check(_xml("valid.b64"), store).status is SignatureStatus.VALID


def test_bare_public_key_anchor(tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate((IDP / "test-idp-cert.pem").read_bytes())
    path = tmp_path / "pub.pem"
    path.write_bytes(
        cert.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    assert check(_xml("valid.b64"), load_certificate(str(path))).status is SignatureStatus.VALID


def _edit(xml: bytes, fn) -> bytes:  # type: ignore[no-untyped-def]
    root = etree.fromstring(xml)
    fn(root)
    return etree.tostring(root)


DS = "{http://www.w3.org/2000/09/xmldsig#}"


def test_reference_to_a_local_file_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("CANARY-19dd")

    def point_at_file(root: etree._Element) -> None:
        next(root.iter(f"{DS}Reference")).set("URI", f"file://{secret}")

    result = check(_edit(_xml("valid.b64"), point_at_file))
    assert result.status is SignatureStatus.INVALID
    assert "CANARY" not in repr(result)
    assert result.checks[0].outcome is Outcome.INVALID  # nothing was moved: not "wrapping"
    assert "not a same-document reference" in result.checks[0].reason


def test_duplicate_ids_are_wrapping() -> None:
    def duplicate(root: etree._Element) -> None:
        extra = etree.SubElement(root, "{urn:oasis:names:tc:SAML:2.0:protocol}Extensions")
        extra.set("ID", "_a1b2c3d4-assert-0001")

    result = check(_edit(_xml("valid.b64"), duplicate))
    assert result.status is SignatureStatus.INVALID
    assert any("more than one element" in w for w in result.wrapping)


def test_xslt_transform_is_refused() -> None:
    def add_xslt(root: etree._Element) -> None:
        transforms = next(root.iter(f"{DS}Transforms"))
        etree.SubElement(transforms, f"{DS}Transform").set(
            "Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116"
        )

    result = check(_edit(_xml("valid.b64"), add_xslt))
    assert result.status is SignatureStatus.INVALID
    assert "not allowed" in result.summary


def test_a_certificate_key_is_used_whole_once_then_bare(tmp_path: Path) -> None:
    """The first verification uses the key loaded with its certificate, every later one the
    same public key loaded bare (cheaper to copy into each signature context): the verdicts
    are the same, valid and invalid."""
    from samlscope.decoder.signature import verify as verify_module

    path = tmp_path / "idp.pem"
    path.write_bytes((IDP / "test-idp-cert.pem").read_bytes())
    store = load_certificate(str(path))
    anchor = store.anchors[0]
    assert anchor.cert is not None
    loaded = verify_module._load_key(anchor.key_pem, anchor.cert.der)
    assert loaded is not None
    uses = loaded.uses
    tampered = _xml("valid.b64").replace(b"RoleSessionName", b"RoleSessionNamf", 1)
    verdicts = [check(_xml("valid.b64"), store).status for _ in range(3)]
    verdicts += [check(tampered, store).status]
    assert verdicts == [SignatureStatus.VALID] * 3 + [SignatureStatus.INVALID]
    assert loaded.uses >= uses + 4 and loaded.bare is not None  # the tampered one: twice
    assert loaded.key() is loaded.bare and loaded.bare is not loaded.whole
