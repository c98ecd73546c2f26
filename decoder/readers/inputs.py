"""Read what the user handed to `samlscope inspect`: a path or stdin, kind detected from content.

Raw base64 (line breaks, spaces for '+', URL-encoding), a form body, deflated base64 and XML
each yield one Capture; a HAR file, a SAML-tracer export or a mitmproxy flow file yields one
per SAML POST in it. A raw input that holds no SAMLResponse yields a Capture whose `error`
becomes a SAML001 finding. An unreadable path, or JSON that is neither HAR nor SAML-tracer,
raises InputError (exit code 2). Problems inside a capture file (a broken entry) become notes.
"""

from __future__ import annotations

import io
import re
import sys
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO

from samlscope.decoder.errors import InputError, reader_error
from samlscope.decoder.limits import MAX_INPUT_FILE_BYTES
from samlscope.decoder.message.bindings import decodes, looks_like_xml
from samlscope.decoder.readers.capture import MAX_ANSWER_BODY, Capture, SpAnswer
from samlscope.decoder.readers.forms import Form, read_form
from samlscope.lazyre import lazy_pattern

_BOM = b"\xef\xbb\xbf"


def is_flow_file(head: bytes) -> bool:
    """mitmproxy flow files are tnetstrings: a length (1-12 digits), a colon, a dictionary
    whose payload starts with its first key's length (text pasted with line numbers,
    `1: PHNh...`, is not one); a cut file may end right after the colon."""
    colon = head.find(b":", 0, 13)
    if colon < 1 or not head[:colon].isdigit():
        return False
    after = head[colon + 1 : colon + 2]
    return not after or after.isdigit()


_CLEAN = lazy_pattern(r"[A-Za-z0-9+/=%\s_-]*")
_CLEAN_ASCII = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%_-" + bytes(
    c for c in range(128) if chr(c).isspace()
)


def _has_space(text: str) -> bool:
    """White space anywhere in the text (as `\\s` matches it)."""
    return bool(text) and text.split(maxsplit=1) != [text]


def form_body(text: str) -> Form | None:
    """A form body as posted (`SAMLResponse=...&RelayState=...`), read field for field as the
    SP reads it (names untrimmed, percent-encoded names decoded); None for anything else: text
    with white space in it, or without a field named exactly SAMLResponse, is for the prose
    reader."""
    if "=" not in text or _has_space(text):
        return None
    if not all("=" in pair for pair in text.split("&") if pair):
        return None
    form = read_form(text.encode("utf-8"))
    return form if form.first("SAMLResponse") is not None else None


_SPACE = b" \t\n\r\f\v"
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def is_html(head: bytes) -> bool:
    """A saved page: `<html` or `<!doctype html` first, after a byte order mark, white space
    and comments (letter case ignored)."""
    text = head.removeprefix(_BOM).lstrip(_SPACE)
    while text.startswith(b"<!--"):
        end = text.find(b"-->", 4)
        if end < 0:
            return False
        text = text[end + 3 :].lstrip(_SPACE)
    lower = text[:64].lower()
    if lower.startswith(b"<!doctype"):
        rest = lower[9:]
        if not rest[:1].isspace():  # `<!doctype` then white space
            return False
        lower = b"<" + rest.lstrip(_SPACE)
    if not lower.startswith(b"<html"):
        return False
    return len(lower) == 5 or lower[5] not in _WORD


_HIDDEN_SAML = lazy_pattern(
    r"""<input\b[^>]*\bname\s*=\s*["']SAMLResponse["'][^>]*>""", re.IGNORECASE
)
_VALUE = lazy_pattern(r"""\bvalue\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_ACTION = lazy_pattern(r"""<form\b[^>]*\baction\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_RELAY_INPUT = lazy_pattern(
    r"""<input\b[^>]*\bname\s*=\s*["']RelayState["'][^>]*>""", re.IGNORECASE
)


def _html_capture(data: bytes, source: str) -> Capture | None:
    """A saved HTML page: the IdP's auto-post form (its hidden SAMLResponse, posted to the
    form's action) or the IdP's error page (IDP501); None for any other page."""
    from html import unescape

    text = data.decode("utf-8", "replace")
    hidden = _HIDDEN_SAML.search(text)
    value = _VALUE.search(hidden.group()) if hidden else None
    if value is not None:
        action = _ACTION.search(text)
        relay_input = _RELAY_INPUT.search(text)
        relay = _VALUE.search(relay_input.group()) if relay_input else None
        return Capture(
            source,
            value=unescape(value.group(2)),
            form_decoded=True,  # the browser posts it encoded once; the SP decodes it once
            relay_state=unescape(relay.group(2)) if relay else None,
            endpoint=unescape(action.group(2)) if action else None,
            notes=("read the IdP's auto-post page: its hidden SAMLResponse field",),
        )
    from samlscope.decoder.readers.idp_pages import saved_page

    error = saved_page(data)
    if error is None:
        return None
    return Capture(
        source,
        notes=("a saved IdP error page: the login stopped there, before any SAML POST",),
        idp_error=error,
    )


def is_clean(text: str) -> bool:
    """Only base64/URL-encoding characters and white space: not prose."""
    if text.isascii():  # nearly always: deleting the allowed bytes leaves nothing
        return not text.encode("ascii").translate(None, _CLEAN_ASCII)
    return _CLEAN.fullmatch(text) is not None


def _read_capped(stream: BinaryIO) -> tuple[bytes, bool]:
    data = stream.read(MAX_INPUT_FILE_BYTES + 1)
    return data[:MAX_INPUT_FILE_BYTES], len(data) > MAX_INPUT_FILE_BYTES


def read_bytes(path: str) -> tuple[bytes, bool]:
    """The first MAX_INPUT_FILE_BYTES of a file (or stdin for '-'), and whether it was cut."""
    if path == "-":
        return _read_capped(sys.stdin.buffer)
    try:
        with open(path, "rb") as fh:
            return _read_capped(fh)
    except IsADirectoryError:
        raise InputError(f"{path} is a directory") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def captures_from_bytes(
    data: bytes, source: str, *, truncated: bool = False, notes: list[str] | None = None
) -> list[Capture]:
    """Detect the input kind from content and return its captures (one for these kinds)."""
    if truncated:
        return [
            Capture(
                source,
                error=f"the input is larger than {MAX_INPUT_FILE_BYTES:,} "
                "bytes; no SAMLResponse is that large",
            )
        ]
    if data[:2] in ZLIB_HEADERS:
        return list(_zhar_captures(io.BytesIO(data), source, notes if notes is not None else []))
    if is_html(data[:512]):  # a saved page: Entra's error page, or its auto-post form
        page = _html_capture(data, source)
        if page is not None:
            return [page]
    if looks_like_xml(data):
        return [Capture(source, xml=data)]
    if is_flow_file(data):
        from samlscope.decoder.readers.flowfile import read_flows

        return list(read_flows(io.BytesIO(data), source, notes if notes is not None else []))
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return [
            Capture(
                source, error=f"the input is neither text nor XML (invalid UTF-8 at byte {e.start})"
            )
        ]
    stripped = text.strip()
    if stripped.startswith("{"):
        return list(
            _json_captures(io.StringIO(stripped), source, notes if notes is not None else [])
        )
    kind = text_kind(stripped)
    if kind == "form":
        form = form_body(stripped)
        assert form is not None
        return [
            Capture(
                source,
                value=form.first("SAMLResponse") or "",
                fields=form.pairs,
                form_decoded=True,
                relay_state=form.first("RelayState"),
                notes=("read as a form body",),
            )
        ]
    if kind == "binary":
        return [Capture(source, error="the input contains NUL bytes; it is not a SAMLResponse")]
    if kind == "prose" and "AADSTS" in stripped and "SAMLResponse" not in stripped:
        details = _pasted_details(stripped, source)  # Entra's "Troubleshooting details"
        if details is not None:
            return [details]
    if kind == "prose":
        from samlscope.decoder.readers.prose import find_in_text  # only pasted text needs it

        found = find_in_text(stripped)
        if found is not None:
            answer = pasted_answer(stripped)
            said = (found.note,) + (
                ("the text also holds the SP's answer (an error it printed)",) if answer else ()
            )
            return [
                Capture(
                    source,
                    value=found.value,
                    relay_state=found.relay_state,
                    notes=said,
                    answer=answer,
                )
            ]
    return [Capture(source, value=stripped)]


def _pasted_details(text: str, source: str) -> Capture | None:
    """Entra's "Troubleshooting details" as customers paste them (Request Id, Correlation Id,
    Timestamp, Message: AADSTS...): read as IDP501 reads Entra's error page."""
    from samlscope.decoder.readers.idp_pages import saved_page

    error = saved_page(text.encode("utf-8"))
    if error is None:
        return None
    return Capture(
        source,
        notes=("Entra's troubleshooting details, pasted: the login stopped at the IdP",),
        idp_error=error,
    )


def pasted_answer(text: str) -> SpAnswer | None:
    """The SP's answer quoted beside a pasted response: an error a command-line login printed
    (AWS STS's `An error occurred (...) when calling the AssumeRoleWithSAML operation`, Alibaba
    Cloud's STS `Code`) or the text of the SP's error page."""
    from samlscope.facts.alibaba_sts import error_code_in
    from samlscope.facts.aws_answers import answer_in

    if answer_in(text) is None and error_code_in(text) is None:
        return None
    return SpAnswer(
        status=400, content_type="text/plain", body=text.encode("utf-8")[:MAX_ANSWER_BODY]
    )


def text_kind(stripped: str) -> str:
    """How a text input is read: `form` (a posted form body), `binary` (NUL bytes), `prose`
    (a value somewhere in e-mail or chat text: the prose reader finds it) or `value` (the
    SAMLResponse itself). `samlscope redact` asks the same question."""
    if form_body(stripped) is not None:
        return "form"
    if "\x00" in stripped:
        return "binary"
    if (
        not is_clean(stripped)
        or "=\n" in stripped  # quoted-printable
        or "=\r\n" in stripped
        or "samlresponse" in stripped[:4096].lower()
        or "\n " in stripped  # an indented block: the indentation is not '+'s
        or "\n\t" in stripped
        or ("\n" in stripped and not decodes(stripped))  # lines with a word after the value
    ):
        return "prose"
    return "value"


def _json_captures(fh: TextIO, source: str, notes: list[str]) -> Iterator[Capture]:
    """A HAR file (streamed) or a SAML-tracer export, told apart by their top-level keys."""
    from samlscope.decoder.readers.har import read_har_log
    from samlscope.decoder.readers.jsonstream import JsonStream
    from samlscope.decoder.readers.samltracer import read_saml_tracer

    stream = JsonStream(fh)
    try:
        keys = stream.object_keys()
        first = next(keys, None)
        if first == "log":
            yield from read_har_log(stream, source, notes)
            return
        import json  # a SAML-tracer export: one small document

        fh.seek(0)
        document = json.load(fh)
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{source} is not valid JSON: {e}") from None
    except (RecursionError, MemoryError) as e:
        raise InputError(f"{source} cannot be read: {reader_error(e)}") from None
    if isinstance(document, dict) and "requests" in document:
        yield from read_saml_tracer(document, source, notes)
        return
    raise InputError(f"{source} is JSON but neither a HAR file nor a SAML-tracer export")


ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
"""mitmproxy saves a HAR as `.zhar` compressed with zlib; these open such a stream."""


class ZlibReader(io.RawIOBase):
    """A file decompressed as it is read (a `.zhar` of any size stays flat in memory)."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.z = zlib.decompressobj()
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.fh.read(1 << 16)
            if not chunk:
                self.pending = self.z.flush()
                break
            try:
                self.pending = self.z.decompress(chunk, 1 << 20)
                while not self.pending and self.z.unconsumed_tail:
                    self.pending = self.z.decompress(self.z.unconsumed_tail, 1 << 20)
            except zlib.error as e:
                raise ValueError(f"the zlib-compressed file is damaged ({e})") from None
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def _zhar_captures(raw: BinaryIO, source: str, notes: list[str]) -> Iterator[Capture]:
    """A zlib-compressed HAR (mitmproxy's `.zhar`), decompressed as it is read."""
    unpacked = io.TextIOWrapper(
        io.BufferedReader(ZlibReader(raw)), encoding="utf-8-sig", errors="replace"
    )
    try:
        yield from _json_captures(unpacked, source, notes)
    except ValueError as e:
        raise InputError(f"{source}: {e}") from None


def read_head(path: str, size: int) -> bytes:
    """The first `size` bytes of a file; InputError (exit 2) in words when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except IsADirectoryError:
        raise InputError(f"{path} is a directory") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from None


def read_captures(path: str, notes: list[str] | None = None) -> Iterator[Capture]:
    """Every SAML POST in the input, in order (one for raw, form and XML inputs)."""
    notes = notes if notes is not None else []
    if path == "-":
        data, truncated = read_bytes(path)
        yield from captures_from_bytes(data, path, truncated=truncated, notes=notes)
        return
    head = read_head(path, 64)
    if head[:2] in ZLIB_HEADERS:
        with open(path, "rb") as raw:
            yield from _zhar_captures(raw, path, notes)
        return
    body = head[len(_BOM) :] if head.startswith(_BOM) else head
    if body.lstrip().startswith(b"{"):
        with open(path, encoding="utf-8-sig", errors="replace") as text:
            yield from _json_captures(text, path, notes)
    elif is_flow_file(head):
        from samlscope.decoder.readers.flowfile import read_flows

        with open(path, "rb") as fh:
            yield from read_flows(fh, path, notes)
    else:
        data, truncated = read_bytes(path)
        yield from captures_from_bytes(data, path, truncated=truncated, notes=notes)
