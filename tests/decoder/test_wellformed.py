"""SAML001 tells a value cut short (capture it again) from a complete document the IdP wrote
wrong (fix it at the IdP), by evidence: how the document ends and what the parser reported."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLE_AT, SAMPLES, run_cli
from samlscope.decoder.message.bindings import decode_value

XML = decode_value("".join((SAMPLES / "entra" / "valid.b64").read_text().split())).xml


def _inspect(tmp_path: Path, xml: bytes, *, cut: int | None = None) -> dict[str, object]:
    value = base64.b64encode(xml).decode()
    if cut is not None:
        value = value[:cut]
    path = tmp_path / "response.b64"
    path.write_text(value)
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, str(path))
    assert result.code == 1, result.stderr
    (finding,) = result.report["findings"]
    assert finding["code"] == "SAML001"
    return dict(finding)


def test_an_unbound_xsi_prefix_is_the_idps_xml_not_a_cut_capture(tmp_path: Path) -> None:
    """An IdP's own output: xsi:type on an AttributeValue with no xmlns:xsi declaration."""
    xml = XML.replace(b"<AttributeValue>", b'<AttributeValue xsi:type="xs:string">', 1)
    finding = _inspect(tmp_path, xml)
    assert "namespace-well-formed" in finding["message"]
    assert "'xsi'" in finding["message"] and "<AttributeValue>" in finding["message"]
    assert "The IdP produced it" in finding["message"]
    assert "Capture the complete" not in finding["fix"]
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in finding["fix"]
    evidence = finding["evidence"]
    assert isinstance(evidence, dict)
    assert evidence["cause"] == "namespace" and evidence["unbound_prefix"] == "xsi"
    assert evidence["ends_with_root_end_tag"] is True


def test_an_unbound_element_prefix_is_named(tmp_path: Path) -> None:
    xml = XML.replace(b"<AttributeStatement>", b"<AttributeStatement><ext:Extra/>", 1)
    finding = _inspect(tmp_path, xml)
    assert "element <ext:Extra>" in finding["message"]
    assert "Capture the complete" not in finding["fix"]


@given(st.floats(min_value=0.02, max_value=0.995))
def test_a_value_cut_anywhere_is_called_cut_short(fraction: float) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        value_length = len(base64.b64encode(XML))
        finding = _inspect(Path(tmp), XML, cut=int(value_length * fraction))
    evidence = finding["evidence"]
    assert isinstance(evidence, dict)
    assert evidence.get("cause") == "truncated", finding["message"]
    assert finding["fix"].startswith("Capture the complete SAMLResponse")


def test_a_cut_value_names_its_base64_length(tmp_path: Path) -> None:
    cut = len(base64.b64encode(XML)) // 2 + 1
    cut += (2 - cut % 4) % 4  # 2 characters past a multiple of 4: decodes, with padding added
    finding = _inspect(tmp_path, XML, cut=cut)
    assert "not a multiple of 4" in finding["message"]


@pytest.mark.parametrize(
    "broken,what",
    [
        (b"</Issuer>", b"</Issuerx>"),  # an end tag that does not match
        (b"<Audience>", b"<Audience>\x01"),  # a character XML does not allow
    ],
)
def test_a_complete_document_that_is_malformed_is_not_called_cut(
    tmp_path: Path, broken: bytes, what: bytes
) -> None:
    finding = _inspect(tmp_path, XML.replace(broken, what, 1))
    assert "not well-formed" in finding["message"] and "cut short" not in finding["message"]
    assert "Capture the complete" not in finding["fix"]
