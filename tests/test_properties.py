"""Property tests (Hypothesis): whatever comes in, samlscope answers with a report, never a
traceback, and never calls a forged response `valid`.

`make test` runs the short profile; `make fuzz` runs the long one for minutes
(HYPOTHESIS_PROFILE=long). Inputs that ever broke a property are kept in tests/fuzz_regressions/
and replayed by test_regressions.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from helpers import METADATA, SAMPLES
from samlscope.analysis import analyse
from samlscope.decoder.errors import DecodeError, InputError
from samlscope.decoder.message.bindings import decode_value
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.readers.inputs import captures_from_bytes
from samlscope.decoder.signature.trust import load_metadata
from samlscope.decoder.timeutil import parse_instant
from samlscope.rules.context import Config
from samlscope.view.json_report import document, dumps
from samlscope.view.terminal import make_console, render

TRUST = load_metadata(str(METADATA))
CONFIG = Config(at=parse_instant("2026-11-01T09:01:30Z"))
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
BOTH = decode_value((SAMPLES / "entra" / "both-signed.b64").read_text()).xml
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
ADMIN_ROLE = "acs:ram::1234567890123456:role/admin,acs:ram::1234567890123456:saml-provider/AAD"


def check_report(capture: Capture) -> None:
    """The properties every report must have, whatever the input."""
    report = analyse(capture, CONFIG, TRUST)
    json.loads(dumps(document([report])))
    out = io.StringIO()
    render(report, make_console(out, color=False, width=100))
    assert not CONTROL.search(out.getvalue().replace("\n", ""))
    if report.message is None:
        assert report.failed and report.findings[0].code in ("SAML001", "SAML002", "SAML003")


@given(st.text(max_size=2000))
def test_any_text_value_decodes_or_says_why(value: str) -> None:
    try:
        decode_value(value)
    except DecodeError as e:
        assert e.message


@given(st.binary(max_size=3000))
def test_any_bytes_give_a_report(data: bytes) -> None:
    try:
        captures = captures_from_bytes(data, "fuzz")
    except InputError:
        return
    for capture in captures:
        check_report(capture)


@st.composite
def mutated_xml(draw: st.DrawFn) -> bytes:
    base = draw(st.sampled_from([VALID, BOTH]))
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "insert", "delete"]))
        if kind == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
        else:
            del data[pos : pos + draw(st.integers(1, 20))]
    return bytes(data)


@given(mutated_xml())
def test_byte_mutations_never_break_the_analysis(xml: bytes) -> None:
    check_report(Capture("fuzz", xml=xml))
    check_report(Capture("fuzz", value=base64.b64encode(xml).decode()))


def _claims(root: etree._Element) -> list[str]:
    assertion = root.find(f"{{{SAML}}}Assertion")
    if assertion is None:
        return []
    return [
        "".join(v.itertext())
        for v in assertion.iter(f"{{{SAML}}}AttributeValue", f"{{{SAML}}}NameID")
    ]


ORIGINAL_CLAIMS = _claims(etree.fromstring(VALID))


@st.composite
def rearranged(draw: st.DrawFn) -> bytes:
    """Structural edits an attacker would make: move, copy or edit elements anywhere."""
    root = etree.fromstring(draw(st.sampled_from([VALID, BOTH])))
    for _ in range(draw(st.integers(1, 3))):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        source = draw(st.sampled_from(elements))
        target = draw(st.sampled_from(elements))
        action = draw(st.sampled_from(["copy", "move", "edit", "drop"]))
        if action == "edit":
            for v in source.iter(f"{{{SAML}}}AttributeValue"):
                v.text = ADMIN_ROLE
        elif source is root or any(a is source for a in target.iterancestors()) or source is target:
            continue
        elif action == "drop":
            parent = source.getparent()
            if parent is not None:
                parent.remove(source)
        else:
            node = etree.fromstring(etree.tostring(source)) if action == "copy" else source
            target.insert(draw(st.integers(0, len(target))), node)
    return etree.tostring(root)


@given(rearranged())
def test_a_valid_verdict_always_means_the_signed_claims(xml: bytes) -> None:
    report = analyse(Capture("fuzz", xml=xml), CONFIG, TRUST)
    if report.verification is not None and report.verification.status.value == "valid":
        consumed = report.message.response.consumed if report.message else None
        read = (
            []
            if consumed is None
            else [
                *([consumed.name_id.value] if consumed.name_id else []),
                *[v for a in consumed.attributes for v in a.values],
            ]
        )
        assert sorted(read) == sorted(ORIGINAL_CLAIMS) or consumed is None


def test_regressions() -> None:
    for path in sorted(REGRESSIONS.glob("*")):
        if path.suffix == ".md":
            continue
        data = path.read_bytes()
        try:
            captures = captures_from_bytes(data, path.name)
        except InputError:
            continue
        for capture in captures:
            check_report(capture)
