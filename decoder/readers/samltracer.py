"""Read SAML POSTs from a SAML-tracer export (`{"requests": [...], "timestamp": ...}`).

SAML-tracer keeps no time per request: a capture is judged at its response's HTTP Date header,
else at the export's timestamp, and says which. The POST value is used when it is a string; an
export made with "Mask values" replaces it, and then the decoded `saml` field is used instead.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from samlscope.decoder.errors import reader_error
from samlscope.decoder.message.authnrequest import request_value
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.readers.forms import form_of_pairs
from samlscope.decoder.readers.posts import (
    ClockWatch,
    header,
    http_status,
    saml_capture,
    with_record,
)
from samlscope.decoder.timeutil import parse_http_date, parse_instant


def _pairs(items: Any) -> list[tuple[str, str]]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            out.append((str(item.get("name", "")), str(item.get("value", ""))))
        elif isinstance(item, list | tuple) and len(item) >= 2:
            out.append((str(item[0]), str(item[1])))
    return out


def read_saml_tracer(document: dict[str, Any], source: str, notes: list[str]) -> Iterator[Capture]:
    exported = parse_instant(document.get("timestamp"))
    requests = document.get("requests")
    if not isinstance(requests, list):
        notes.append(f"{source}: the SAML-tracer export's 'requests' is not a list")
        return
    seen = ClockWatch()  # only its AuthnRequests: SAML-tracer keeps no local time per request
    for index, request in enumerate(requests):
        try:
            if not isinstance(request, dict):
                raise TypeError("request is not an object")
            url = request.get("url", "")
            if not isinstance(url, str):
                raise TypeError("url is not a string")
            response_headers = _pairs(request.get("responseHeaders"))
            date = parse_http_date(header(response_headers, "date"))
            if str(request.get("method", "")).upper() != "POST":
                value = request_value(url)
                if value is not None:
                    seen.request(value, url, "redirect", date)
                continue
            pairs = _pairs(request.get("post"))
            form = form_of_pairs(pairs)
            if form.first("SAMLRequest") is not None and form.first("SAMLResponse") is None:
                seen.request(form.first("SAMLRequest") or "", url, "post", date)
                continue
            value = form.first("SAMLResponse")
            if value is None or not value.strip() or value.startswith(("{", "[object")):
                saml = request.get("saml")
                if not isinstance(saml, str) or "Response" not in saml:
                    continue
                decoded = base64.b64encode(saml.encode("utf-8")).decode()
                form = form_of_pairs(
                    [(k, decoded if k == "SAMLResponse" else v) for k, v in pairs]
                    if value is not None
                    else [*pairs, ("SAMLResponse", decoded)]
                )
                notes.append(
                    f"{source}#request{index}: POST value masked; used the decoded "
                    "'saml' field (byte-exact only if the IdP sent UTF-8)"
                )
            when, why = (
                (date, "SAML-tracer: response Date header")
                if date
                else (exported, "SAML-tracer: export timestamp (no time per request)")
            )
            capture = saml_capture(
                source=f"{source}#request{index}",
                url=url,
                form=form,
                captured_at=when,
                captured_at_source=why,
                status=http_status(request.get("responseStatus")),
                response_headers=response_headers,
                local_clock=False,
            )._replace(authn_requests=tuple(seen.requests))
            yield with_record(capture, request.get("_samlscope"))
        except Exception as e:  # any shape of broken request: the others are still analysed
            notes.append(
                f"{source}: skipped broken SAML-tracer request {index} ({reader_error(e)})"
            )
