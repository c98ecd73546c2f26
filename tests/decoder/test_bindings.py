"""Every raw input kind decodes to the same XML; every bad one is a SAML001 with a reason."""

from __future__ import annotations

import base64
import gzip
import zlib
from urllib.parse import quote

import pytest

from helpers import SAMPLES
from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.message.bindings import decode_value, parse_form
from samlscope.decoder.readers.inputs import captures_from_bytes

XML = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
B64 = base64.b64encode(XML).decode()


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@pytest.mark.parametrize(
    "value,note",
    [
        (B64, None),
        ("\n".join(B64[i : i + 64] for i in range(0, len(B64), 64)), "removed line breaks"),
        (B64.replace("+", " "), "restored '+'"),
        (quote(B64, safe=""), "URL-decoded"),
        (B64.rstrip("="), "repaired base64 padding"),
        (base64.b64encode(_raw_deflate(XML)).decode(), "inflated raw DEFLATE"),
        (B64.replace("+", "-").replace("/", "_"), "URL-safe"),
    ],
)
def test_value_kinds_decode_to_the_same_xml(value: str, note: str | None) -> None:
    if note == "restored '+'" and "+" not in B64:
        pytest.skip("sample has no '+'")
    decoded = decode_value(value)
    assert decoded.xml == XML
    if note:
        assert any(note in n for n in decoded.notes), decoded.notes


@pytest.mark.parametrize(
    "value,reason",
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("not base64 at all!", "not base64: unexpected character '!'"),
        ("<samlp:Response/>", "XML, not base64"),
        (B64[:-3] + "=" * 5 + "A", "padding inside"),
        (base64.b64encode(gzip.compress(XML)).decode(), "gzip"),
        (base64.b64encode(B64.encode()).decode(), "base64-encoded twice"),
        (base64.b64encode(b"\x00\x01\x02binary").decode(), "neither XML nor DEFLATE"),
        ("QQ=Q", "padding inside"),
    ],
)
def test_bad_values_say_why(value: str, reason: str) -> None:
    with pytest.raises(DecodeError) as err:
        decode_value(value)
    assert err.value.problem is Problem.UNDECODABLE
    assert reason in err.value.message


def test_deflate_bomb_is_refused_before_inflating_it_all() -> None:
    bomb = _raw_deflate(b"<" + b"a" * 50_000_000)
    with pytest.raises(DecodeError, match="inflates to more than"):
        decode_value(base64.b64encode(bomb).decode())


def test_form_body_keeps_plus_in_relay_state_semantics() -> None:
    fields = parse_form(
        f"SAMLResponse={quote(B64, safe='')}&RelayState=https%3A%2F%2Fx.aliyun.com%2F%3Fa%3Db+c"
    )
    assert fields["SAMLResponse"] == B64
    assert fields["RelayState"] == "https://x.aliyun.com/?a=b c"


@pytest.mark.parametrize(
    "data,kind",
    [
        (XML, "xml"),
        (b"\xef\xbb\xbf" + XML, "xml"),
        (B64.encode(), "value"),
        (f"SAMLResponse={quote(B64, safe='')}&RelayState=r".encode(), "form"),
        (b"\x80\x81garbage", "error"),
    ],
)
def test_input_kind_detected_from_content(data: bytes, kind: str) -> None:
    (capture,) = captures_from_bytes(data, "x")
    if kind == "xml":
        assert capture.xml == data
    elif kind == "value":
        assert capture.value == B64
    elif kind == "form":
        assert capture.value == B64 and capture.relay_state == "r"
    else:
        assert capture.error
