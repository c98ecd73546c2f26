"""Signatures as other libraries and IdPs make them: RSA-PSS, PKCS#1 public keys as trust
anchors, assertions signed as their own document and then encrypted, and content that
Canonical XML refuses (a finding, never a crash). Every signature here is real: made with the
TEST keys and verified by xmlsec."""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

import pytest
import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from helpers import METADATA, SAMPLES, generator, run_cli, write_file

AT = "2026-11-01T09:01:30Z"
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
IDP = SAMPLES / "idp"
PSS = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"


@pytest.fixture(scope="module")
def gen() -> Any:
    return generator()


def _inspect(tmp_path: Path, xml: bytes, *extra: str) -> Any:
    path = write_file(tmp_path, "response.b64", base64.b64encode(xml).decode())
    trust = ["--idp-metadata", str(METADATA)] if "--idp-cert" not in extra else []
    return run_cli("inspect", "--json", "--at", AT, *trust, *extra, str(path))


def _pss(gen: Any, signer: str = "idp", tamper: bool = False) -> bytes:
    """A response whose assertion is signed with RSASSA-PSS (SHA-256, MGF1, 32-byte salt)."""
    root = gen.response()
    assertion = gen.assertion_of(root)
    gen.sign(assertion, signer)  # the template and the embedded certificate of that signer
    key_file = f"test-{signer}-key.NOT-A-SECRET.pem"
    signed_info = assertion.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo")
    signed_info.find(f"{{{DS}}}SignatureMethod").set("Algorithm", PSS)
    canon = etree.tostring(signed_info, method="c14n", exclusive=True)
    key = serialization.load_pem_private_key((IDP / key_file).read_bytes(), None)
    value = key.sign(  # type: ignore[union-attr]
        canon, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
    )
    signed_info.getparent().find(f"{{{DS}}}SignatureValue").text = base64.b64encode(value).decode()
    xml = gen.xml_bytes(root)
    return xml.replace(b"alice@contoso.example", b"mallory@contoso.example") if tamper else xml


def test_rsa_pss_verifies(gen: Any, tmp_path: Path) -> None:
    result = _inspect(tmp_path, _pss(gen))
    assert result.report["signature"]["status"] == "valid", result.report["signature"]
    assert result.code == 0


def test_rsa_pss_by_another_key_or_tampered_is_not_valid(gen: Any, tmp_path: Path) -> None:
    other = _inspect(tmp_path, _pss(gen, "attacker"))
    assert other.report["signature"]["status"] == "untrusted"
    tampered = _inspect(tmp_path, _pss(gen, tamper=True))
    assert tampered.report["signature"]["status"] == "invalid"


def _pkcs1(cert_file: str, folder: Path) -> Path:
    cert = x509.load_pem_x509_certificate((IDP / cert_file).read_bytes())
    pem = cert.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.PKCS1
    )
    assert pem.startswith(b"-----BEGIN RSA PUBLIC KEY-----")
    return write_file(folder, f"{cert_file}.pkcs1.pem", pem)


def test_a_pkcs1_public_key_is_a_trust_anchor(gen: Any, tmp_path: Path) -> None:
    valid = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
    good = _inspect(tmp_path, valid, "--idp-cert", str(_pkcs1("test-idp-cert.pem", tmp_path)))
    assert good.report["signature"]["status"] == "valid"
    other = _pkcs1("test-attacker-cert.pem", tmp_path)
    bad = _inspect(tmp_path, valid, "--idp-cert", str(other))
    assert bad.report["signature"]["status"] == "untrusted"


@pytest.mark.parametrize("where", ["assertion", "response", "descendant"])
def test_a_namespace_with_a_relative_uri_is_a_signature_finding(tmp_path: Path, where: str) -> None:
    valid = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
    anchor = {
        "assertion": b'<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion"',
        "response": b"<samlp:Response",
        "descendant": b"<NameID",
    }[where]
    xml = valid.replace(anchor, anchor + b' xmlns:rel="relative/path"', 1)
    assert xml != valid
    result = _inspect(tmp_path, xml)
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert result.report["signature"]["status"] == "invalid"
    assert "SIG102" in result.codes
    assert "relative URI" in result.report["signature"]["summary"]


def _standalone_signed_assertion(gen: Any) -> bytes:
    """An assertion signed as a document of its own, with Reference URI="" and inclusive
    Canonical XML (as some IdPs sign before encrypting)."""
    assertion = copy.deepcopy(gen.assertion_of(gen.response()))
    doc = etree.ElementTree(assertion)
    root = doc.getroot()
    sig = xmlsec.template.create(root, xmlsec.Transform.C14N, xmlsec.Transform.RSA_SHA256, ns="ds")
    root.insert(1, sig)
    ref = xmlsec.template.add_reference(sig, xmlsec.Transform.SHA256, uri="")
    xmlsec.template.add_transform(ref, xmlsec.Transform.ENVELOPED)
    xmlsec.template.add_transform(ref, xmlsec.Transform.C14N)
    x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(sig))
    xmlsec.template.x509_data_add_certificate(x509_data)
    ctx = xmlsec.SignatureContext()
    key = xmlsec.Key.from_file(str(IDP / "test-idp-key.NOT-A-SECRET.pem"), xmlsec.KeyFormat.PEM)
    key.load_cert_from_file(str(IDP / "test-idp-cert.pem"), xmlsec.KeyFormat.PEM)
    ctx.key = key
    ctx.sign(sig)
    return etree.tostring(root)


def test_an_assertion_signed_alone_then_encrypted_verifies_as_its_own_document(
    gen: Any, tmp_path: Path
) -> None:
    xml = gen.encrypted(_standalone_signed_assertion(gen))
    key = str(IDP / "test-sp-key.NOT-A-SECRET.pem")
    result = _inspect(tmp_path, xml, "--sp-key", key)
    signature = result.report["signature"]
    assert signature["status"] == "valid", signature
    assert not [c for c in result.codes if c.startswith("SIG10") and c != "SIG105"]


def test_a_tampered_assertion_signed_alone_then_encrypted_is_invalid(
    gen: Any, tmp_path: Path
) -> None:
    plaintext = _standalone_signed_assertion(gen).replace(b"alice@", b"mallory@")
    xml = gen.encrypted(plaintext)
    result = _inspect(tmp_path, xml, "--sp-key", str(IDP / "test-sp-key.NOT-A-SECRET.pem"))
    assert result.report["signature"]["status"] == "invalid"
