"""Signature-wrapping attacks built from the samples: the eight classic XSW permutations (as in
"On Breaking SAML" and SAML Raider) and more. None may verify as `valid`; each must be reported
as SIG103 (wrapping), SIG102 (invalid) or SIG101 (unsigned)."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from lxml import etree

from helpers import METADATA, SAMPLES
from samlscope.analysis import analyse
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.signature.trust import load_metadata
from samlscope.decoder.timeutil import parse_instant
from samlscope.rules.context import Config

SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
DS = "http://www.w3.org/2000/09/xmldsig#"
TRUST = load_metadata(str(METADATA))


def _load(name: str) -> etree._Element:
    raw = (SAMPLES / "entra" / name).read_text()
    if raw.startswith("SAMLResponse="):
        raw = raw.split("&")[0].split("=", 1)[1]
    return etree.fromstring(decode_value(raw).xml)


def _first(root: etree._Element, tag: str) -> etree._Element:
    found = next(root.iter(tag))
    return found


def _evil(el: etree._Element) -> None:
    """What an attacker changes: the role, and who they log in as."""
    for value in el.iter(f"{{{SAML}}}AttributeValue", f"{{{SAML}}}NameID"):
        value.text = (
            (value.text or "").replace("role/aadrole", "role/admin").replace("alice@", "mallory@")
        )


def _strip_signature(el: etree._Element) -> etree._Element:
    clone = copy.deepcopy(el)
    sig = clone.find(f"{{{DS}}}Signature")
    assert sig is not None
    clone.remove(sig)
    return clone


def xsw1(root: etree._Element) -> None:  # Response signature: signed copy inside the Signature
    clone = _strip_signature(root)
    _evil(root)
    _first(root, f"{{{DS}}}Signature").append(clone)
    root.set("ID", "_evil_response")


def xsw2(root: etree._Element) -> None:  # ... or just before the Signature
    clone = _strip_signature(root)
    _evil(root)
    sig = _first(root, f"{{{DS}}}Signature")
    sig.addprevious(clone)
    root.set("ID", "_evil_response")


def xsw3(root: etree._Element) -> None:  # forged assertion before the signed one
    assertion = _first(root, f"{{{SAML}}}Assertion")
    evil = _strip_signature(assertion)
    _evil(evil)
    evil.set("ID", "_evil_assertion")
    assertion.addprevious(evil)


def xsw4(root: etree._Element) -> None:  # signed assertion moved inside the forged one
    assertion = _first(root, f"{{{SAML}}}Assertion")
    evil = _strip_signature(assertion)
    _evil(evil)
    evil.set("ID", "_evil_assertion")
    root.append(evil)
    evil.append(assertion)


def xsw5(root: etree._Element) -> None:  # signed assertion edited; unsigned copy appended
    assertion = _first(root, f"{{{SAML}}}Assertion")
    root.append(_strip_signature(assertion))
    _evil(assertion)
    assertion.set("ID", "_evil_assertion")


def xsw6(root: etree._Element) -> None:  # ... the copy placed inside the Signature
    assertion = _first(root, f"{{{SAML}}}Assertion")
    clone = _strip_signature(assertion)
    _first(assertion, f"{{{DS}}}Signature").append(clone)
    _evil(assertion)
    assertion.set("ID", "_evil_assertion")


def xsw7(root: etree._Element) -> None:  # forged assertion in an Extensions element
    assertion = _first(root, f"{{{SAML}}}Assertion")
    extensions = etree.Element("Extensions")
    assertion.addprevious(extensions)
    evil = _strip_signature(assertion)
    _evil(evil)
    extensions.append(evil)


def xsw8(root: etree._Element) -> None:  # signed copy in an Object inside the Signature
    assertion = _first(root, f"{{{SAML}}}Assertion")
    clone = _strip_signature(assertion)
    _evil(assertion)
    obj = etree.SubElement(_first(assertion, f"{{{DS}}}Signature"), "Object")
    obj.append(clone)


def duplicate_ids(root: etree._Element) -> None:
    assertion = _first(root, f"{{{SAML}}}Assertion")
    evil = _strip_signature(assertion)
    _evil(evil)
    assertion.addprevious(evil)  # same ID as the signed one


def signature_in_object(root: etree._Element) -> None:  # the Response-level variant (XSW10-like)
    assertion = _first(root, f"{{{SAML}}}Assertion")
    sig = copy.deepcopy(_first(assertion, f"{{{DS}}}Signature"))
    obj = etree.SubElement(sig, f"{{{DS}}}Object")
    obj.append(copy.deepcopy(assertion))
    assertion.remove(_first(assertion, f"{{{DS}}}Signature"))
    _evil(assertion)
    assertion.set("ID", assertion.get("ID", "") + "ffff")
    _first(root, f"{{{SAML}}}Issuer").addnext(sig)


def second_assertion_in_extensions(root: etree._Element) -> None:
    assertion = _first(root, f"{{{SAML}}}Assertion")
    extensions = etree.Element(f"{{{SAMLP}}}Extensions")
    _first(root, f"{{{SAML}}}Issuer").addnext(extensions)
    evil = _strip_signature(assertion)
    _evil(evil)
    evil.set("ID", "_evil_assertion")
    extensions.append(evil)


def empty_reference_uri(root: etree._Element) -> None:
    _first(root, f"{{{DS}}}Reference").set("URI", "")
    _evil(_first(root, f"{{{SAML}}}Assertion"))


ATTACKS: list[tuple[str, str, Callable[[etree._Element], None]]] = [
    ("XSW1", "both-signed.b64", xsw1),
    ("XSW2", "both-signed.b64", xsw2),
    ("XSW1-response-only", "response-only-signed.form", xsw1),
    ("XSW2-response-only", "response-only-signed.form", xsw2),
    ("XSW3", "valid.b64", xsw3),
    ("XSW4", "valid.b64", xsw4),
    ("XSW5", "valid.b64", xsw5),
    ("XSW6", "valid.b64", xsw6),
    ("XSW7", "valid.b64", xsw7),
    ("XSW8", "valid.b64", xsw8),
    ("duplicate IDs", "valid.b64", duplicate_ids),
    ("signature inside Object", "valid.b64", signature_in_object),
    ("second Assertion in Extensions", "valid.b64", second_assertion_in_extensions),
    ("Reference URI ''", "valid.b64", empty_reference_uri),
    ("Reference URI '' (both signed)", "both-signed.b64", empty_reference_uri),
]


@pytest.mark.parametrize("name,sample,attack", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_wrapping_attack_is_never_valid(
    name: str, sample: str, attack: Callable[..., None]
) -> None:
    root = _load(sample)
    attack(root)
    xml = etree.tostring(root)
    report = analyse(
        Capture(name, xml=xml), Config(at=parse_instant("2026-11-01T09:01:30Z")), TRUST
    )
    assert report.verification is not None
    codes = {f.code for f in report.findings}
    assert report.verification.status.value != "valid", report.verification.summary
    assert codes & {"SIG101", "SIG102", "SIG103"}, codes
