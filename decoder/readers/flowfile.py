"""SAML POSTs in mitmproxy flows: live ones (the addon) and saved ones (`.mitm` files).

mitmproxy is imported only here, and only when a flow file is read: inspecting a raw response
never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from samlscope.decoder.errors import reader_error
from samlscope.decoder.readers.bodies import BodyError, body_prefix, decode_body
from samlscope.decoder.readers.capture import MAX_ANSWER_BODY, Capture
from samlscope.decoder.readers.forms import SAML_FIELD, Form, mentions_saml, read_form
from samlscope.decoder.readers.idp_pages import is_idp_host
from samlscope.decoder.readers.posts import (
    IDP_HOSTS,
    ClockWatch,
    idp_error_capture,
    saml_capture,
    with_record,
)
from samlscope.facts.idp_pages import HOST_SUFFIXES, PATH_MARKERS
from samlscope.record import Record

if TYPE_CHECKING:
    from mitmproxy import http


HELD = "samlscope_held"
"""flow.metadata key the addon sets when it answered the POST itself (hold mode)."""


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """mitmproxy Headers as (name, value) pairs, repeated names kept."""
    return [(str(k), str(v)) for k, v in headers.items(multi=True)]


def _time(timestamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp else None


class FlowBody(Record):
    """A request's form as the SP reads it, or why it cannot be read within the budget."""

    form: Form | None
    error: str | None = None


def request_body(flow: http.HTTPFlow) -> bytes:
    """The request body with its Content-Encoding undone within MAX_BODY_BYTES; BodyError
    when it cannot be (mitmproxy's get_content would inflate a bomb whole)."""
    request = flow.request
    return decode_body(request.raw_content, request.headers.get("content-encoding"))


def flow_form(flow: http.HTTPFlow) -> FlowBody | None:
    """The form of a POST that may carry a SAMLResponse; None for any other request. A body
    that mentions SAMLResponse but cannot be decoded within the budget is returned with its
    error (a finding, and held in hold mode)."""
    request = flow.request
    if request.method != "POST":
        return None
    try:
        body = request_body(flow)
    except BodyError as e:
        if not (request.raw_content or b""):
            return None
        return FlowBody(None, f"the request body cannot be read: {e}")
    if not mentions_saml(body):
        return None
    form = read_form(body, request.headers.get("content-type"))
    if form.first(SAML_FIELD) is None:
        return None
    return FlowBody(form)


def saml_fields(flow: http.HTTPFlow) -> dict[str, str] | None:
    """The form fields of a POST carrying SAMLResponse (each name's first value), else None."""
    found = flow_form(flow)
    return found.form.fields if found is not None and found.form is not None else None


def _answer_body(message: http.Response) -> bytes:
    return body_prefix(
        message.raw_content, message.headers.get("content-encoding"), MAX_ANSWER_BODY
    )


def capture_from_flow(
    flow: http.HTTPFlow, source: str, clocks: ClockWatch | None = None
) -> Capture | None:
    found = flow_form(flow)
    if found is None:
        return idp_error_from_flow(flow, source)
    if found.form is None:
        return Capture(
            source=source,
            endpoint=flow.request.pretty_url,
            captured_at=_time(flow.request.timestamp_start),
            captured_at_source="flow timestamp",
            error=found.error,
        )
    # A held flow's response is samlscope's own report page, not the SP's answer.
    response = None if flow.metadata.get(HELD) else flow.response
    capture = saml_capture(
        source=source,
        url=flow.request.pretty_url,
        form=found.form,
        captured_at=_time(flow.request.timestamp_start),
        captured_at_source="flow timestamp",
        status=response.status_code if response is not None else None,
        response_headers=header_pairs(response.headers) if response is not None else [],
        body=_answer_body(response) if response is not None else b"",
        clocks=clocks,
    )
    return with_record(capture, flow.metadata.get("samlscope_redact"))


def idp_error_from_flow(flow: http.HTTPFlow, source: str) -> Capture | None:
    """The IdP's error page this flow's answer is, or None (a host test for any other flow)."""
    response = flow.response
    if response is None or not is_idp_host(flow.request.pretty_url):
        return None
    return idp_error_capture(
        source=source,
        url=flow.request.pretty_url,
        status=response.status_code,
        response_headers=header_pairs(response.headers),
        body=_answer_body(response),
        captured_at=_time(flow.request.timestamp_start),
        captured_at_source="flow timestamp",
    )


_WORTH_PARSING = (
    b"4:POST,",
    *(host.encode() for host in IDP_HOSTS),
    *(suffix.encode() for suffix in HOST_SUFFIXES),
    *(marker.encode() for marker in PATH_MARKERS),
)
"""A flow is parsed only if its raw record names a POST or an Entra host (for its Date and
its error pages)."""


MAX_FLOW_RECORD = 64 * 1024 * 1024
"""Largest flow record parsed. A SAML POST's flow is far smaller; a larger record (a big
download) is skipped without being held in memory."""
_CHUNK = 1 << 20


class _Skipped:
    """A record too large to parse: its index and size, for a note."""

    def __init__(self, size: int) -> None:
        self.size = size


def _read_exactly(fh: BinaryIO, size: int, keep: bool) -> bytes:
    """`size` bytes in chunks (a claimed length never allocates more than the file holds);
    ValueError when the file ends first. Discarded as they are read unless `keep`."""
    parts = []
    left = size
    while left:
        chunk = fh.read(min(left, _CHUNK))
        if not chunk:
            raise ValueError("the file ends inside a record")
        left -= len(chunk)
        if keep:
            parts.append(chunk)
    return b"".join(parts)


def _records(fh: BinaryIO) -> Iterator[bytes | _Skipped]:
    """The raw tnetstring records of a flow file, one at a time, without parsing them."""
    while True:
        head = b""
        while True:
            char = fh.read(1)
            if not char:
                if head:
                    raise ValueError("the file ends inside a record length")
                return
            if char == b":":
                break
            if not char.isdigit() or len(head) > 12:
                raise ValueError("not a mitmproxy flow file record")
            head += char
        if not head:
            raise ValueError("not a mitmproxy flow file record")
        size = int(head) + 1
        if size > MAX_FLOW_RECORD:
            _read_exactly(fh, size, keep=False)
            yield _Skipped(size)
            continue
        yield head + b":" + _read_exactly(fh, size, keep=True)


def _flows(fh: BinaryIO, source: str, notes: list[str]) -> Iterator[tuple[int, Any]]:
    """(index, flow) for the records worth parsing; mitmproxy's own migration and loading.
    A record that does not load is skipped with a note; the records after it still count."""
    from mitmproxy import flow as mflow
    from mitmproxy.io import compat, tnetstring

    for index, record in enumerate(_records(fh)):
        if isinstance(record, _Skipped):
            notes.append(f"{source}: skipped flow {index} ({record.size:,} bytes, too large)")
            continue
        if not any(marker in record for marker in _WORTH_PARSING):
            continue
        try:
            state = tnetstring.loads(record)
            if not isinstance(state, dict):
                raise ValueError("a flow record is not a dictionary")
            flow = mflow.Flow.from_state(compat.migrate_flow(state))
        except Exception as e:  # mitmproxy raises many kinds on a damaged record
            notes.append(f"{source}: skipped broken flow {index} ({reader_error(e)})")
            continue
        yield index, flow


def read_flows(fh: BinaryIO, source: str, notes: list[str]) -> Iterator[Capture]:
    from mitmproxy import http

    clocks = ClockWatch()
    try:
        for index, flow in _flows(fh, source, notes):
            if not isinstance(flow, http.HTTPFlow):
                continue
            try:
                capture = capture_from_flow(flow, f"{source}#flow{index}", clocks)
            except Exception as e:
                notes.append(f"{source}: skipped broken flow {index} ({reader_error(e)})")
                continue
            if capture is not None:
                yield capture
            else:
                clocks.saw(
                    flow.request.pretty_url,
                    _time(flow.request.timestamp_start),
                    header_pairs(flow.response.headers) if flow.response is not None else [],
                )
    except (ValueError, MemoryError) as e:
        notes.append(
            f"{source}: the flow file is damaged after the flows read so far ({reader_error(e)})"
        )
