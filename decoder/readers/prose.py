"""Find a SAMLResponse pasted into e-mail or chat text.

Tickets carry responses the way people paste them: inside sentences, quoted with `>`, wrapped
by a mail client at 76 columns, encoded as quoted-printable (`=` soft line breaks, `=3D`), or
as a `SAMLResponse=...` form line. This finds the candidate values in such text and keeps the
first that decodes to a SAML Response; the capture notes where it was found.
"""

from __future__ import annotations

import quopri
import re

from samlscope.decoder.errors import DecodeError
from samlscope.decoder.message.bindings import decode_value
from samlscope.record import Record

_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_FORM_VALUE = re.compile(r"SAMLResponse=([^\s&\"'<>]+)")
_B64_LINE = re.compile(r"^[A-Za-z0-9+/=]{16,}$")
_B64_TOKEN = re.compile(r"[A-Za-z0-9+/%]{100,}={0,2}(?:%3D){0,2}")
MIN_VALUE = 100


class Found(Record):
    value: str
    relay_state: str | None
    note: str


def _unwrap(text: str) -> tuple[str, list[str]]:
    notes = []
    if re.search(r"=\r?\n", text) or "=3D" in text:
        try:
            text = quopri.decodestring(text.encode("utf-8", "replace")).decode("utf-8", "replace")
            notes.append("undid quoted-printable encoding")
        except ValueError:
            pass
    if _QUOTE_PREFIX.search(text) and ">" in text:
        stripped = _QUOTE_PREFIX.sub("", text)
        if stripped != text:
            text = stripped
            notes.append("removed '>' quoting")
    return text, notes


def _candidates(text: str) -> list[tuple[str, str | None, str]]:
    out: list[tuple[str, str | None, str]] = []
    for m in _FORM_VALUE.finditer(text):
        relay = re.search(r"RelayState=([^\s&\"'<>]+)", text[m.end() : m.end() + 2000])
        from urllib.parse import unquote

        out.append((m.group(1), unquote(relay.group(1)) if relay else None, "a SAMLResponse= line"))
    block: list[str] = []
    lines = [*text.splitlines(), ""]
    for line in lines:
        token = line.strip()
        if _B64_LINE.fullmatch(token):
            block.append(token)
            continue
        if block and sum(map(len, block)) >= MIN_VALUE:
            out.append(("".join(block), None, f"a base64 block of {len(block)} line(s)"))
        block = []
    for m in _B64_TOKEN.finditer(text):
        out.append((m.group(), None, "a base64 value inside the text"))
    out.sort(key=lambda c: -len(c[0]))
    return out


def find_in_text(text: str) -> Found | None:
    """The first candidate value in the text that decodes to a SAML Response."""
    unwrapped, notes = _unwrap(text)
    for value, relay, where in _candidates(unwrapped):
        try:
            xml = decode_value(value).xml
        except DecodeError:
            continue
        if b"Response" in xml[:2000]:
            return Found(value, relay, "; ".join([*notes, f"found {where} in the text"]))
    return None
