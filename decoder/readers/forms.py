"""The fields of a posted form, read as the service provider reads them.

Both encodings a browser posts a form in: application/x-www-form-urlencoded (what the HTTP-POST
binding's auto-post page sends) and multipart/form-data (a page with `enctype=multipart/...`).
Every field is kept, in order, with repeated names: which of two SAMLResponse values an SP takes
depends on its framework (rule SAML023), and a release from hold forwards exactly these fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from samlscope.decoder.message.bindings import form_pairs
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

SAML_FIELD = "SAMLResponse"
MAX_PARTS = 1000
"""Multipart parts read at most (a form from an IdP has a handful)."""

_BOUNDARY = lazy_pattern(r"""boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;,]{1,200}))""", re.I)
_DISPOSITION_NAME = lazy_pattern(rb"""\bname\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;]+))""", re.I)


class Form(Record):
    """A posted form: its fields in order (repeated names kept) and how it was encoded."""

    pairs: tuple[tuple[str, str], ...]
    encoding: str
    """`urlencoded` or `multipart`."""

    def first(self, name: str) -> str | None:
        """The first value of a field (what a servlet's getParameter returns)."""
        return next((v for k, v in self.pairs if k == name), None)

    def values(self, name: str) -> tuple[str, ...]:
        return tuple(v for k, v in self.pairs if k == name)

    @property
    def fields(self) -> dict[str, str]:
        """Each name's first value."""
        out: dict[str, str] = {}
        for key, value in self.pairs:
            out.setdefault(key, value)
        return out


def form_of_pairs(pairs: Iterable[tuple[str, str]], encoding: str = "urlencoded") -> Form:
    return Form(tuple(pairs), encoding)


def boundary_of(content_type: str | None, body: bytes) -> str | None:
    """The multipart boundary: from the Content-Type, else from a body that starts with one
    (a HAR's postData.text kept without its header)."""
    if content_type and "multipart/" in content_type.lower():
        m = _BOUNDARY.search(content_type)
        if m is not None:
            return m.group(1) or m.group(2)
    head = body[:300].lstrip(b"\r\n")
    if head.startswith(b"--") and b"content-disposition" in body[:2000].lower():
        line = head.split(b"\n", 1)[0].rstrip(b"\r")
        if 2 < len(line) <= 202:
            return line[2:].decode("latin-1")
    return None


def multipart_pairs(body: bytes, boundary: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a multipart/form-data body, in order; file parts and parts
    without a name are left out. Values are taken as UTF-8 (what a form posts in)."""
    delimiter = b"--" + boundary.encode("latin-1")
    pairs: list[tuple[str, str]] = []
    for n, part in enumerate(body.split(delimiter)[1:]):
        if n >= MAX_PARTS or part.startswith(b"--"):
            break  # the closing delimiter
        part = part[2:] if part.startswith(b"\r\n") else part.lstrip(b"\n")
        head, sep, value = part.partition(b"\r\n\r\n")
        if not sep:
            head, sep, value = part.partition(b"\n\n")
            if not sep:
                continue
        disposition = next(
            (
                line
                for line in head.splitlines()
                if line.lower().startswith(b"content-disposition:")
            ),
            None,
        )
        if disposition is None or b"filename" in disposition.lower():
            continue
        m = _DISPOSITION_NAME.search(disposition)
        if m is None:
            continue
        name = (m.group(1) if m.group(1) is not None else m.group(2)).replace(b'\\"', b'"')
        if value.endswith(b"\r\n"):
            value = value[:-2]
        elif value.endswith(b"\n"):
            value = value[:-1]
        pairs.append((name.decode("utf-8", "replace"), value.decode("utf-8", "replace")))
    return pairs


def read_form(body: bytes, content_type: str | None = None) -> Form:
    """A request body's fields (multipart when its Content-Type or its first line says so)."""
    boundary = boundary_of(content_type, body)
    if boundary is not None:
        return Form(tuple(multipart_pairs(body, boundary)), "multipart")
    return Form(tuple(form_pairs(body.decode("utf-8", "replace"))), "urlencoded")


def mentions_saml(body: bytes) -> bool:
    """Whether a body may carry a SAMLResponse under any spelling a server would decode to it
    (percent-encoded letters, any letter case): the cheap test before a form is read."""
    lowered = body.lower()
    if b"samlresponse" in lowered:
        return True
    if b"%" not in body:
        return False
    from urllib.parse import unquote_to_bytes

    decoded = body
    for _ in range(3):
        decoded = unquote_to_bytes(decoded)
        if b"samlresponse" in decoded.lower():
            return True
        if b"%" not in decoded:
            break
    return False
