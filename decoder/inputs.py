"""Read what the user handed to `samlscope inspect`: a path or stdin, kind detected from content.

Raw base64 (line breaks, spaces for '+', URL-encoding), a form body, deflated base64 and XML are
read here; each yields one Capture. Reading never fails on content: a file that holds no
SAMLResponse yields a Capture whose `error` becomes a SAML001 finding. Only an unreadable path
raises InputError (exit code 2).
"""

from __future__ import annotations

import sys
from typing import BinaryIO

from samlscope.decoder.bindings import looks_like_xml, parse_form
from samlscope.decoder.capture import Capture
from samlscope.decoder.errors import InputError
from samlscope.decoder.limits import MAX_INPUT_FILE_BYTES

_BOM = b"\xef\xbb\xbf"


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


def captures_from_bytes(data: bytes, source: str, *, truncated: bool = False) -> list[Capture]:
    """Detect the input kind from content and return its captures (one for these kinds)."""
    if truncated:
        return [
            Capture(
                source,
                error=f"the input is larger than {MAX_INPUT_FILE_BYTES:,} "
                "bytes; no SAMLResponse is that large",
            )
        ]
    if looks_like_xml(data):
        return [Capture(source, xml=data)]
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
    if stripped.startswith(("{", "[")):
        raise InputError(
            f"{source} looks like JSON (a HAR or SAML-tracer export); reading those is not "
            "supported yet — copy the SAMLResponse value out of it instead"
        )
    if "SAMLResponse=" in stripped:
        fields = parse_form(stripped)
        return [
            Capture(
                source,
                value=fields.get("SAMLResponse", ""),
                relay_state=fields.get("RelayState"),
                notes=("read as a form body",),
            )
        ]
    if "\x00" in stripped:
        return [Capture(source, error="the input contains NUL bytes; it is not a SAMLResponse")]
    return [Capture(source, value=stripped)]


def read_captures(path: str) -> list[Capture]:
    data, truncated = read_bytes(path)
    return captures_from_bytes(data, path, truncated=truncated)
