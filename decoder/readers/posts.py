"""Turn one captured SAML POST (from any capture format) into a Capture."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from samlscope.decoder.readers.capture import MAX_ANSWER_BODY, Capture, SpAnswer
from samlscope.decoder.readers.forms import Form
from samlscope.decoder.readers.idp_pages import error_page
from samlscope.decoder.timeutil import parse_http_date
from samlscope.facts.idps import ENTRA_CLOCK, ENTRA_HOSTS, idp_start
from samlscope.urlparts import host_of

if TYPE_CHECKING:
    from samlscope.decoder.message.authnrequest import AuthnRequestInfo

IDP_HOSTS = tuple(sorted(ENTRA_HOSTS))
"""Hosts whose HTTP Date header is Entra's clock."""


def http_status(value: object) -> int | None:
    """An HTTP status code from a capture file's field: 100-999, else None (0, "", Infinity...)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 3:
        value = int(value.strip())
    if isinstance(value, int) and 100 <= value <= 999:
        return value
    if isinstance(value, float) and value.is_integer() and 100 <= value <= 999:
        return int(value)
    return None


def header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    lowered = name.lower()
    return next((v for k, v in headers if k.lower() == lowered), None)


MAX_REQUESTS = 20


class ClockWatch:
    """What a capture's earlier exchanges tell about its SAML POSTs: Entra's clock offset (local
    minus Date header) from the latest IdP answer, and the AuthnRequests sent to the IdP."""

    def __init__(self) -> None:
        self.entra: float | None = None
        self.start: tuple[str, str, datetime | None] | None = None
        """The latest IdP-initiated start seen: (IdP, URL, when)."""
        self.requests: list[AuthnRequestInfo] = []
        """The AuthnRequests sent so far (the latest few), for the SAML POSTs that follow."""

    def request(self, value: str, url: str, binding: str, started: datetime | None) -> None:
        from samlscope.decoder.message.authnrequest import read_authn_request  # lxml: on use

        found = read_authn_request(value, url, binding, started)
        if found is not None:
            self.requests = [*self.requests[-(MAX_REQUESTS - 1) :], found]

    def wants(self, url: str) -> bool:
        """Whether saw() notes anything of this URL: most URLs of a capture it does not, and
        their time and headers need not be read."""
        return "SAMLRequest=" in url or host_of(url) in IDP_HOSTS or idp_start(url) is not None

    def saw(self, url: str, started: datetime | None, headers: Iterable[tuple[str, str]]) -> None:
        if "SAMLRequest=" in url:
            from samlscope.decoder.message.authnrequest import request_value

            value = request_value(url)
            if value is not None:
                self.request(value, url, "redirect", started)
        if self.start is None or self.start[1] != url:
            idp = idp_start(url)
            if idp is not None:
                self.start = (idp.name, url[:2000], started)
        if started is None or host_of(url) not in IDP_HOSTS:
            return  # most entries: their Date header is not read
        date = parse_http_date(header(headers, "date"))
        if date is not None:
            self.entra = (started - date).total_seconds()


def saml_capture(
    *,
    source: str,
    url: str,
    form: Form,
    captured_at: datetime | None,
    captured_at_source: str,
    status: int | None,
    response_headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
    clocks: ClockWatch | None = None,
    notes: tuple[str, ...] = (),
    local_clock: bool = True,
) -> Capture:
    """`local_clock`: captured_at was read off the capturing machine's clock (not a Date header)."""
    headers = list(response_headers)
    answer = None
    offsets: list[tuple[str, float]] = []
    if status:
        date = parse_http_date(header(headers, "date"))
        answer = SpAnswer(
            status=status,
            location=header(headers, "location"),
            content_type=header(headers, "content-type"),
            body=body[:MAX_ANSWER_BODY],
            date=date,
        )
        if date is not None and captured_at is not None and local_clock:
            host = host_of(url) or "the SP"
            offsets.append((host, (captured_at - date).total_seconds()))
    if clocks is not None and clocks.entra is not None:
        offsets.append((ENTRA_CLOCK, clocks.entra))
    return Capture(
        source=source,
        value=form.first("SAMLResponse"),
        fields=form.pairs,
        form_decoded=True,
        relay_state=form.first("RelayState"),
        endpoint=url,
        captured_at=captured_at,
        captured_at_source=captured_at_source,
        notes=notes,
        answer=answer,
        clock_offsets=tuple(offsets),
        authn_requests=tuple(clocks.requests) if clocks is not None else (),
        idp_start=clocks.start if clocks is not None else None,
    )


def with_record(capture: Capture, holder: object) -> Capture:
    """The capture with the verdict `samlscope redact` wrote beside it (`_samlscope` in HAR and
    SAML-tracer, flow metadata): an unauthenticated note, never the verdict."""
    recorded = holder.get("signature_before_redaction") if isinstance(holder, dict) else None
    if isinstance(recorded, dict) and isinstance(recorded.get("status"), str):
        return capture._replace(recorded_signature=recorded)
    return capture


def idp_error_capture(
    *,
    source: str,
    url: str,
    status: int | None,
    response_headers: Iterable[tuple[str, str]],
    body: bytes,
    captured_at: datetime | None,
    captured_at_source: str,
) -> Capture | None:
    """A Capture of the IdP's error page when this answer is one (the login stopped at the
    IdP), else None."""
    found = error_page(url, status, list(response_headers), body)
    if found is None:
        return None
    return Capture(
        source=source,
        endpoint=url,
        captured_at=captured_at,
        captured_at_source=captured_at_source,
        notes=("the IdP's error page: the login stopped there, before any SAML POST",),
        idp_error=found,
    )
