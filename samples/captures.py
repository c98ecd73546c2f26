"""The sample capture: logins through the proxy as a flow file, a HAR and a SAML-tracer export.

The same logins in three formats, so `samlscope inspect` can be shown to give the same codes for
each. Imported by generate.py; the SAML responses come from there.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from mitmproxy import connection, http
from mitmproxy import io as mio

ENTRA_URL = "https://login.microsoftonline.com/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/saml2"
ACS = "https://signin.alibabacloud.com/saml-role/sso"
CONSOLE = "https://home.console.aliyun.com/"
ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>SAML login failed</title></head><body>"
    "<h1>Sign-in error</h1><p class='error'>Error: the SAML response is invalid "
    "(sample page written for samlscope, not Alibaba Cloud's own wording).</p></body></html>"
)
AUTOPOST = (
    "<html><body onload='document.forms[0].submit()'><form method='POST' action='{acs}'>"
    "<input type='hidden' name='SAMLResponse' value='...'/></form></body></html>"
)


@dataclass
class Exchange:
    """One request/response pair of the sample session."""

    method: str
    url: str
    at: dt.datetime
    status: int
    form: dict[str, str] | None = None
    json_body: str | None = None
    response_body: str = ""
    response_headers: dict[str, str] = field(default_factory=dict)


def session(responses: dict[str, bytes], at: dt.datetime) -> list[Exchange]:
    """The sample session: an Entra page, three logins, and ordinary traffic in between."""

    def s(seconds: float) -> dt.datetime:
        return at + dt.timedelta(seconds=seconds)

    def post(name: str, seconds: float, status: int, **kw: object) -> Exchange:
        form = {
            "SAMLResponse": base64.b64encode(responses[name]).decode(),
            "RelayState": "https://ecs.console.aliyun.com/",
        }
        return Exchange("POST", ACS, s(seconds), status, form=form, **kw)  # type: ignore[arg-type]

    return [
        Exchange(
            "GET",
            ENTRA_URL,
            s(0.2),
            200,
            response_body=AUTOPOST.format(acs=ACS),
            response_headers={"Content-Type": "text/html; charset=utf-8"},
        ),
        post("good", 1.0, 302, response_headers={"Location": CONSOLE}),
        Exchange(
            "GET",
            "https://www.example.com/",
            s(5),
            200,
            response_body="<p>hello</p>",
            response_headers={"Content-Type": "text/html"},
        ),
        Exchange(
            "POST",
            "https://api.example.com/v1/events",
            s(7),
            204,
            json_body='{"event":"page_view"}',
        ),
        post(
            "reversed",
            30.0,
            200,
            response_body=ERROR_PAGE,
            response_headers={"Content-Type": "text/html; charset=utf-8"},
        ),
        post(
            "late",
            1200.0,
            200,
            response_body=ERROR_PAGE,
            response_headers={"Content-Type": "text/html; charset=utf-8"},
        ),
    ]


def _http_date(t: dt.datetime) -> str:
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def _body(x: Exchange) -> tuple[bytes, str | None]:
    if x.form is not None:
        text = "&".join(f"{k}={quote(v, safe='')}" for k, v in x.form.items())
        return text.encode(), "application/x-www-form-urlencoded"
    if x.json_body is not None:
        return x.json_body.encode(), "application/json"
    return b"", None


def flow_file(exchanges: list[Exchange]) -> bytes:
    out = io.BytesIO()
    writer = mio.FlowWriter(out)  # type: ignore[no-untyped-call]
    for n, x in enumerate(exchanges):
        t = x.at.timestamp()
        host = urlsplit(x.url).hostname or ""
        client = connection.Client(
            peername=("127.0.0.1", 51000 + n),
            sockname=("127.0.0.1", 8080),
            id=f"00000000-0000-4000-8000-c{n:011d}",
            timestamp_start=t,
        )
        server = connection.Server(
            address=(host, 443), id=f"00000000-0000-4000-8000-s{n:011d}", timestamp_start=t
        )
        flow = http.HTTPFlow(client, server)
        flow.id = f"00000000-0000-4000-8000-f{n:011d}"
        flow.timestamp_created = t
        body, ctype = _body(x)
        headers: dict[str | bytes, str | bytes] = {"Content-Type": ctype} if ctype else {}
        flow.request = http.Request.make(x.method, x.url, body, headers)
        flow.request.timestamp_start, flow.request.timestamp_end = t, t + 0.01
        flow.response = http.Response.make(
            x.status, x.response_body.encode(), {**x.response_headers, "Date": _http_date(x.at)}
        )
        flow.response.timestamp_start, flow.response.timestamp_end = t + 0.05, t + 0.06
        writer.add(flow)
    return out.getvalue()


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def har(exchanges: list[Exchange]) -> str:
    """The session as Chrome's DevTools "Save all as HAR (with content)" writes it."""
    entries = []
    for x in exchanges:
        parts = urlsplit(x.url)
        body, ctype = _body(x)
        request: dict[str, object] = {
            "method": x.method,
            "url": x.url,
            "httpVersion": "http/2.0",
            "headers": [
                {"name": ":authority", "value": parts.hostname},
                {"name": ":method", "value": x.method},
                {"name": ":path", "value": parts.path or "/"},
                {"name": ":scheme", "value": "https"},
                *([{"name": "content-type", "value": ctype}] if ctype else []),
            ],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": len(body),
        }
        if ctype:
            post: dict[str, object] = {"mimeType": ctype, "text": body.decode()}
            if x.form is not None:  # Chrome keeps param values percent-encoded
                post["params"] = [
                    {"name": k, "value": quote(v, safe="")} for k, v in x.form.items()
                ]
            request["postData"] = post
        headers = [{"name": k.lower(), "value": v} for k, v in x.response_headers.items()]
        headers.append({"name": "date", "value": _http_date(x.at)})
        entries.append(
            {
                "_initiator": {"type": "other"},
                "_priority": "VeryHigh",
                "_resourceType": "document",
                "cache": {},
                "connection": "443",
                "pageref": "page_1",
                "request": request,
                "response": {
                    "status": x.status,
                    "statusText": "",
                    "httpVersion": "http/2.0",
                    "headers": headers,
                    "cookies": [],
                    "content": {
                        "size": len(x.response_body),
                        "mimeType": x.response_headers.get("Content-Type", "x-unknown"),
                        "text": x.response_body,
                    },
                    "redirectURL": x.response_headers.get("Location", ""),
                    "headersSize": -1,
                    "bodySize": -1,
                    "_transferSize": 900,
                    "_error": None,
                },
                "serverIPAddress": "127.0.0.1",
                "startedDateTime": _iso(x.at),
                "time": 52.1,
                "timings": {
                    "blocked": 1.2,
                    "dns": -1,
                    "ssl": -1,
                    "connect": -1,
                    "send": 0.2,
                    "wait": 50.1,
                    "receive": 0.6,
                    "_blocked_queueing": 0.8,
                },
            }
        )
    return (
        json.dumps(
            {
                "log": {
                    "version": "1.2",
                    "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": [
                        {
                            "startedDateTime": _iso(exchanges[0].at),
                            "id": "page_1",
                            "title": "My Apps",
                            "pageTimings": {"onContentLoad": -1, "onLoad": -1},
                        }
                    ],
                    "entries": entries,
                }
            },
            indent=2,
        )
        + "\n"
    )


def saml_tracer(exchanges: list[Exchange], responses_xml: dict[str, str]) -> str:
    """The session as SAML-tracer 1.9 exports it (no time per request; Date headers kept)."""
    requests = []
    for n, x in enumerate(exchanges):
        _, ctype = _body(x)
        item: dict[str, object] = {
            "method": x.method,
            "url": x.url,
            "requestId": f"request-{n}-{x.method}-sample",
            "requestHeaders": [{"name": "Content-Type", "value": ctype}] if ctype else [],
            "responseStatus": x.status,
            "responseStatusText": f"HTTP/1.1 {x.status}",
            "responseHeaders": [{"name": k, "value": v} for k, v in x.response_headers.items()]
            + [{"name": "Date", "value": _http_date(x.at)}],
        }
        if x.form is not None:
            item["post"] = [[k, v] for k, v in x.form.items()]
            item["protocol"] = "SAML-P"
            item["saml"] = responses_xml[x.form["SAMLResponse"]]
        requests.append(item)
    return json.dumps({"requests": requests, "timestamp": _iso(exchanges[-1].at)}, indent=2) + "\n"
