"""A Reference with no URI, or URI="", means the whole document (XML-DSig). As OpenSAML applies
the SAML signature profile, that is accepted only for a signature on the document element; in
every other case the fault is said in words (not "wrapping", never a Python None), and the key
checks still run, so an unsigned template stays `unsigned` and an unknown key stays
`untrusted`."""

from __future__ import annotations

import pytest
from lxml import etree

from helpers import METADATA, generator
from samlscope.decoder.message.extract import extract_response
from samlscope.decoder.signature.trust import load_metadata
from samlscope.decoder.signature.verify import SignatureStatus, verify

DS = "{http://www.w3.org/2000/09/xmldsig#}"


def _reference_uri(root: etree._Element, uri: str | None) -> None:
    ref = next(root.iter(f"{DS}Reference"))
    if uri is None:
        ref.attrib.pop("URI")
    else:
        ref.set("URI", uri)


def _signed_whole_document(on: str, signer: str, uri: str | None) -> etree._Element:
    """Sign with a Reference that has no URI (or URI=""), placing the Signature on `on`."""
    import xmlsec

    g = generator()
    root = g.response()
    element = root if on == "response" else g.assertion_of(root)
    sig = xmlsec.template.create(element, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256)
    element.insert(1, sig)
    ref = xmlsec.template.add_reference(sig, xmlsec.Transform.SHA256, uri=uri)
    xmlsec.template.add_transform(ref, xmlsec.Transform.ENVELOPED)
    xmlsec.template.add_transform(ref, xmlsec.Transform.EXCL_C14N)
    data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(sig))
    xmlsec.template.x509_data_add_certificate(data)
    key_file, cert_file = g.KEYS[signer][0], g.KEYS[signer][1]
    key = xmlsec.Key.from_file(str(g.IDP / key_file), xmlsec.KeyFormat.PEM)
    key.load_cert_from_file(str(g.IDP / cert_file), xmlsec.KeyFormat.PEM)
    ctx = xmlsec.SignatureContext()
    ctx.key = key
    ctx.sign(sig)
    return etree.fromstring(etree.tostring(root))


def _verify(root: etree._Element):  # type: ignore[no-untyped-def]
    return verify(root, extract_response(root), load_metadata(str(METADATA)))


@pytest.mark.parametrize("uri", [None, ""], ids=["no-URI", "empty-URI"])
def test_whole_document_reference_on_the_response_is_accepted(uri: str | None) -> None:
    result = _verify(_signed_whole_document("response", "idp", uri))
    assert result.status is SignatureStatus.VALID, result.summary


@pytest.mark.parametrize("uri", [None, ""], ids=["no-URI", "empty-URI"])
def test_whole_document_reference_on_the_assertion_is_said_in_words(uri: str | None) -> None:
    result = _verify(_signed_whole_document("assertion", "idp", uri))
    assert result.status is SignatureStatus.INVALID
    reason = result.checks[0].reason
    assert "whole document" in reason and "#_a1b2c3d4-assert-0001" in reason
    assert "None" not in reason and "wrapping" not in result.summary
    assert not result.wrapping


@pytest.mark.parametrize("uri", [None, ""], ids=["no-URI", "empty-URI"])
def test_an_unknown_key_stays_untrusted(uri: str | None) -> None:
    result = _verify(_signed_whole_document("assertion", "attacker", uri))
    assert result.status is SignatureStatus.UNTRUSTED, result.summary
    assert "whole document" in result.checks[0].reason


@pytest.mark.parametrize("uri", [None, ""], ids=["no-URI", "empty-URI"])
def test_an_unsigned_template_stays_unsigned(uri: str | None) -> None:
    import xmlsec

    g = generator()
    root = g.response()
    assertion = g.assertion_of(root)
    sig = xmlsec.template.create(assertion, xmlsec.Transform.EXCL_C14N, xmlsec.Transform.RSA_SHA256)
    assertion.insert(1, sig)
    ref = xmlsec.template.add_reference(sig, xmlsec.Transform.SHA256, uri="")
    xmlsec.template.add_transform(ref, xmlsec.Transform.ENVELOPED)
    _reference_uri(root, uri)
    result = _verify(etree.fromstring(etree.tostring(root)))
    assert result.status is SignatureStatus.UNSIGNED
    assert "unsigned template" in result.summary
