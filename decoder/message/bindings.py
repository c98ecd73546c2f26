"""From what was posted (base64, URL-encoded, deflated, a form body) to the XML bytes.

Every repair made on the way is recorded as a note, so the report can say what the input looked
like. Every refusal raises `DecodeError(Problem.UNDECODABLE, ...)` with a sentence a person
can act on.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from urllib.parse import unquote, unquote_plus

from samlscope.decoder.errors import DecodeError, Problem
from samlscope.decoder.limits import MAX_ENCODED_CHARS, MAX_XML_BYTES
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_BASE64_CHARS = lazy_pattern(r"[A-Za-z0-9+/=]*")
_ESCAPE = lazy_pattern(r"%[0-9A-Fa-f]{2}")
_URLSAFE = str.maketrans("-_", "+/")
_LINE_BREAKS = str.maketrans("", "", "\r\n\t\f\v")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class Decoded(Record):
    """The XML a SAMLResponse value decodes to, and the repairs that were needed."""

    xml: bytes
    encoded_length: int
    """Length of the base64 text as Alibaba Cloud would receive it (its limit is 100,000)."""
    notes: tuple[str, ...]


def looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip()
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :].lstrip()
    return head.startswith(b"<") or data.startswith(_UTF16_BOMS)


def decode_value(value: str, *, posted: bool = False) -> Decoded:
    """Decode one SAMLResponse form value to XML bytes. `posted`: the value was read from a
    posted form and is already percent-decoded once, as the SP decodes it; a `%` escape still
    in it is what the SP's base64 decoder gets (a value encoded twice), not a repair to make."""
    notes: list[str] = []
    text = value.strip()
    if posted and _ESCAPE.search(text):
        escape = _ESCAPE.search(text)
        assert escape is not None
        raise DecodeError(
            Problem.UNDECODABLE,
            "the SAMLResponse is percent-encoded twice: after the one form decoding the SP "
            f"does, it still holds {escape.group()!r} at position {escape.start()}, which no "
            "base64 decoder accepts",
            evidence={"cause": "double-encoded", "escape": escape.group()},
            fix=(
                "Make the page that posts the SAMLResponse percent-encode it once. The "
                "HTTP-POST binding sends plain base64 in an HTML form, and the browser encodes "
                "the form once; a custom integration or proxy that URL-encodes the value "
                "itself before putting it in the form encodes it twice."
            ),
        )
    if not text:
        raise DecodeError(Problem.UNDECODABLE, "the SAMLResponse is empty")
    if len(text) > MAX_ENCODED_CHARS:
        raise DecodeError(
            Problem.UNDECODABLE,
            f"the SAMLResponse is {len(text):,} characters, over the {MAX_ENCODED_CHARS:,} "
            "this tool decodes (Alibaba Cloud itself accepts at most 100,000)",
        )
    try:  # the common case: clean base64, as the HTTP-POST binding sends it; nothing to repair
        data = binascii.a2b_base64(text, strict_mode=True)
    except ValueError:  # binascii.Error, or a character outside ASCII
        pass  # find out what is wrong with it, and repair what a copy-paste breaks
    else:
        return Decoded(_to_xml(data, notes), len(text), tuple(notes))
    if text.startswith("<"):
        raise DecodeError(
            Problem.UNDECODABLE,
            "the SAMLResponse value is XML, not base64: the HTTP-POST binding base64-encodes it",
        )
    stripped = text.translate(_LINE_BREAKS)  # first: a line break may split a %XX escape
    if len(stripped) != len(text):
        text = stripped
        notes.append("removed line breaks")
    if "%" in text:
        text = unquote(text)
        notes.append("URL-decoded the value")
    if " " in text:
        text = text.replace(" ", "+")
        notes.append("restored '+' characters that form decoding had turned into spaces")
    if "-" in text or "_" in text:
        text = text.translate(_URLSAFE)
        notes.append("read URL-safe base64 ('-', '_')")
    if not _BASE64_CHARS.fullmatch(text):
        bad = next(ch for ch in text if not _BASE64_CHARS.fullmatch(ch))
        pos = text.index(bad)
        raise DecodeError(
            Problem.UNDECODABLE,
            f"not base64: unexpected character {bad!r} at position {pos}",
        )
    encoded_length = len(text)
    data = _b64decode(text, notes)
    return Decoded(_to_xml(data, notes), encoded_length, tuple(notes))


def decodes(value: str) -> bool:
    """Whether a value decodes to XML (base64, maybe URL-encoded or deflated)."""
    try:
        decode_value(value)
    except DecodeError:
        return False
    return True


def _b64decode(text: str, notes: list[str]) -> bytes:
    body = text.rstrip("=")
    if "=" in body:
        raise DecodeError(Problem.UNDECODABLE, "not base64: '=' padding inside the value")
    if len(body) % 4 == 1:
        raise DecodeError(
            Problem.UNDECODABLE,
            f"not base64: {len(body)} characters cannot be a base64 length (truncated value?)",
            evidence={"cause": "truncated", "base64_length": len(body)},
        )
    padded = body + "=" * (-len(body) % 4)
    if padded != text:
        notes.append("repaired base64 padding")
    try:
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError) as e:
        raise DecodeError(Problem.UNDECODABLE, f"not base64: {e}") from None


def _to_xml(data: bytes, notes: list[str]) -> bytes:
    if not data:
        raise DecodeError(Problem.UNDECODABLE, "the SAMLResponse decodes to nothing")
    if looks_like_xml(data):
        _check_size(len(data))
        return data
    if data[:2] == b"\x1f\x8b":
        raise DecodeError(
            Problem.UNDECODABLE,
            "the value is gzip-compressed; SAML bindings use raw DEFLATE (RFC 1951), "
            "and the HTTP-POST binding uses no compression at all",
        )
    if _BASE64_CHARS.fullmatch(data[:200].decode("ascii", "replace").strip()):
        try:
            inner = base64.b64decode(data.strip(), validate=False)
        except (binascii.Error, ValueError):
            inner = b""
        if looks_like_xml(inner):
            raise DecodeError(
                Problem.UNDECODABLE,
                "the value is base64-encoded twice; the SP decodes it once and gets no XML",
            )
    xml = inflate(data)
    if xml is None or not looks_like_xml(xml):
        raise DecodeError(
            Problem.UNDECODABLE,
            "the base64 decodes to binary data that is neither XML nor DEFLATE-compressed XML",
        )
    notes.append("inflated raw DEFLATE (HTTP-Redirect encoding; Alibaba expects plain base64)")
    return xml


def inflate(data: bytes) -> bytes | None:
    """Raw DEFLATE (or zlib) data inflated, bounded by MAX_XML_BYTES (a bomb is a
    DecodeError); None when it is not DEFLATE data."""
    for wbits in (-15, 15):
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, MAX_XML_BYTES + 1)
        except zlib.error:
            continue
        if len(out) > MAX_XML_BYTES or inflater.unconsumed_tail:
            raise DecodeError(
                Problem.UNDECODABLE,
                f"the DEFLATE data inflates to more than {MAX_XML_BYTES:,} bytes (a bomb?)",
            )
        if inflater.eof:
            return out
    return None


def _check_size(size: int) -> None:
    if size > MAX_XML_BYTES:
        raise DecodeError(
            Problem.UNDECODABLE,
            f"the XML is {size:,} bytes, over the {MAX_XML_BYTES:,} this tool parses",
        )


def check_xml_size(xml: bytes) -> None:
    _check_size(len(xml))


def form_pairs(body: str) -> list[tuple[str, str]]:
    """Every field of an application/x-www-form-urlencoded body, in order and repeated names
    kept, read as a Java servlet container reads it: split on `&`, then name and value
    percent-decoded once with `+` as a space. Nothing is trimmed: ` SAMLResponse` or
    `\tSAMLResponse` is another field's name to the SP, so it is to samlscope too."""
    pairs: list[tuple[str, str]] = []
    for pair in body.split("&"):
        if not pair:
            continue
        name, _, raw = pair.partition("=")
        pairs.append((unquote_plus(name), unquote_plus(raw)))
    return pairs


def parse_form(body: str) -> dict[str, str]:
    """A form body's fields by name; the first value of each name wins (as a servlet's
    getParameter takes it)."""
    fields: dict[str, str] = {}
    for key, value in form_pairs(body):
        fields.setdefault(key, value)
    return fields
