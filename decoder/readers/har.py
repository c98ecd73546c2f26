"""Read SAML POSTs from a HAR file (Chrome, Edge, Firefox exports; mitmproxy's hardump), and
the IdP's error pages (a login that stopped at Entra ID).

Streams the file entry by entry. A POST counts when its body has a SAMLResponse field, taken
from `postData.text` or, failing that, `postData.params` (Chrome keeps param values
percent-encoded, Firefox decodes them). Broken entries are skipped with a note; they never fail
the file. Each capture is judged at its entry's `startedDateTime`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from samlscope.decoder.errors import reader_error
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.readers.forms import SAML_FIELD, Form, form_of_pairs, read_form
from samlscope.decoder.readers.idp_pages import is_idp_host
from samlscope.decoder.readers.jsonstream import JsonStream
from samlscope.decoder.readers.posts import (
    ClockWatch,
    header,
    http_status,
    idp_error_capture,
    saml_capture,
    with_record,
)
from samlscope.decoder.timeutil import parse_instant


def _headers(message: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for h in message.get("headers") or []:
        if isinstance(h, dict) and isinstance(h.get("name"), str) and not h["name"].startswith(":"):
            out.append((h["name"], str(h.get("value", ""))))
    return out


def _post_form(request: dict[str, Any]) -> Form:
    """The posted form: from `postData.text` (URL-encoded or multipart, as its mimeType or
    first line says), else from `postData.params` (Chrome keeps their values percent-encoded,
    Firefox decodes them; a multipart form may have only these)."""
    post = request.get("postData") or {}
    text = post.get("text")
    mime = post.get("mimeType") if isinstance(post.get("mimeType"), str) else None
    if mime is None:
        mime = header(_headers(request), "content-type")
    if isinstance(text, str) and text:
        body = (
            base64.b64decode(text)
            if post.get("encoding") == "base64"
            else text.encode("utf-8", "surrogatepass")
        )
        form = read_form(body, mime)
        if form.first(SAML_FIELD) is not None or form.first("SAMLRequest") is not None:
            return form
    pairs: list[tuple[str, str]] = []
    for param in post.get("params") or []:
        name, value = param.get("name"), param.get("value", "")
        if isinstance(name, str) and isinstance(value, str):
            pairs.append((name, unquote(value) if "%" in value else value))
    return form_of_pairs(pairs, "multipart" if mime and "multipart" in mime else "urlencoded")


def _body(response: dict[str, Any]) -> bytes:
    content = response.get("content") or {}
    text = content.get("text")
    if not isinstance(text, str):
        return b""
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text[:400_000])
        except (binascii.Error, ValueError):
            return b""
    return text[:300_000].encode("utf-8", "replace")


def entry_capture(
    entry: Any, index: int, source: str, clocks: ClockWatch | None = None
) -> Capture | None:
    """The Capture of one HAR entry: a SAML POST, or an IdP's error page; else None."""
    clocks = clocks or ClockWatch()
    request = entry["request"]
    url = request["url"]
    if not isinstance(url, str):
        raise TypeError("request.url is not a string")
    response = entry.get("response") or {}
    post = request.get("method", "").upper() == "POST"
    form = _post_form(request) if post else form_of_pairs(())
    if form.first(SAML_FIELD) is None:
        saml_request = form.first("SAMLRequest")
        idp_page = is_idp_host(url)
        if saml_request is None and not idp_page and not clocks.wants(url):
            return None  # most entries of a capture: their time and headers are not read
        started = parse_instant(entry.get("startedDateTime"))
        if saml_request is not None:  # the POST binding's AuthnRequest
            clocks.request(saml_request, url, "post", started)
        clocks.saw(url, started, _headers(response))
        if idp_page:
            return idp_error_capture(
                source=f"{source}#entry{index}",
                url=url,
                status=http_status(response.get("status")),
                response_headers=_headers(response),
                body=_body(response),
                captured_at=started,
                captured_at_source="HAR startedDateTime",
            )
        return None
    started = parse_instant(entry.get("startedDateTime"))
    capture = saml_capture(
        source=f"{source}#entry{index}",
        url=url,
        form=form,
        captured_at=started,
        captured_at_source="HAR startedDateTime",
        status=http_status(response.get("status")),
        response_headers=_headers(response),
        body=_body(response),
        clocks=clocks,
    )
    return with_record(capture, entry.get("_samlscope"))


def log_entries(stream: JsonStream) -> Iterator[Any]:
    """Each element of log.entries, one at a time; the stream is at the `log` object."""
    for log_key in stream.object_keys():
        if log_key != "entries":
            stream.value()
            continue
        for _ in stream.array_items():
            yield stream.value()


def read_har_log(stream: JsonStream, source: str, notes: list[str]) -> Iterator[Capture]:
    """Every SAML POST of log.entries. A broken entry is skipped with a note naming it; a file
    that cannot be parsed on (nesting too deep, cut off) stops with a note, keeping what came
    before."""
    clocks = ClockWatch()
    entries = log_entries(stream)
    index = 0
    found = 0
    bodiless: list[str] = []
    while True:
        try:
            entry = next(entries)
        except StopIteration:
            if not found and bodiless:
                notes.append(_no_bodies(source, bodiless))
            return
        except (ValueError, RecursionError, MemoryError) as e:
            notes.append(f"{source}: stopped reading at HAR entry {index}: {reader_error(e)}")
            return
        try:
            capture = entry_capture(entry, index, source, clocks)
        except Exception as e:  # any shape of broken entry: the others are still analysed
            notes.append(f"{source}: skipped broken HAR entry {index} ({reader_error(e)})")
            capture = None
        index += 1
        if capture is not None:
            found += 1
            yield capture
        elif _bodiless_idp_page(entry):
            bodiless.append(str(entry["request"]["url"]))


EXPORT_WITH_CONTENT = (
    "Chrome or Edge: DevTools > Network > the gear (Network settings) > 'Allow to generate HAR "
    "with sensitive data', then the download arrow > 'Export HAR (with sensitive data)'; "
    "Firefox: Network > the gear > 'Save All As HAR'"
)
"""How to export a HAR again with its response bodies, in each browser's words."""


def _bodiless_idp_page(entry: Any) -> bool:
    """An HTML answer of an IdP's sign-in page that the HAR kept without its body."""
    if not isinstance(entry, dict):
        return False
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        return False
    content, url = response.get("content"), request.get("url")
    if not isinstance(content, dict) or not isinstance(url, str):
        return False
    return (
        "html" in str(content.get("mimeType") or "")
        and not content.get("text")
        and is_idp_host(url)
    )


def _no_bodies(source: str, urls: list[str]) -> str:
    from samlscope.urlparts import host_of

    hosts = ", ".join(dict.fromkeys(host_of(u) for u in urls))
    return (
        f"{source} was saved without response bodies: it shows {len(urls)} answer(s) of the "
        f"IdP's sign-in page ({hosts}) but not what they said, so an error page there cannot "
        f"be read. Export the HAR again with its content ({EXPORT_WITH_CONTENT})."
    )
