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
from urllib.parse import quote, urlencode, urlsplit

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


# ----- logins that stop at Entra ID ---------------------------------------------------------

APP_NAME = "Alibaba Cloud Service (Role-based SSO)"
APP_ID = "3a1c5f0e-8b2d-4c7a-9e61-0d4f2b8c7a15"
TENANT = "8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a"
USER = "alice@contoso.example"
IDP_FAILURES = {
    # case: (AADSTS code, the page's message, modelled on Microsoft's public wording)
    "unassigned": (
        50105,
        f"AADSTS50105: Your administrator has configured the application {APP_NAME} "
        f"('{APP_ID}') to block users unless they are specifically granted ('assigned') access "
        f"to the application. The signed in user '{USER}' is blocked because they are not a "
        "direct member of a group with access, nor had access directly assigned by an "
        "administrator. Please contact your administrator to assign access to this application.",
    ),
    "guest": (
        50020,
        f"AADSTS50020: User account 'bob@fabrikam.example' from identity provider "
        f"'https://sts.windows.net/0f9e8d7c-6b5a-4c3d-2e1f-a0b9c8d7e6f5/' does not exist in "
        f"tenant 'Contoso' and cannot access the application '{APP_ID}'({APP_NAME}) in that "
        "tenant. The account needs to be added as an external user in the tenant first. Sign "
        "out and sign in again with a different Azure Active Directory user account.",
    ),
    "conditional-access": (
        53003,
        "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy "
        "does not allow token issuance.",
    ),
    "mfa": (
        50076,
        "AADSTS50076: Due to a configuration change made by your administrator, or because you "
        f"moved to a new location, you must use multi-factor authentication to access '{APP_ID}'.",
    ),
    "disabled": (50057, "AADSTS50057: The user account is disabled."),
}


def entra_error_page(code: int, message: str, request_id: str, correlation_id: str, at: str) -> str:
    """A "Sign in to your account" error page as Entra ID serves it: its data in `$Config`, the
    troubleshooting details in the text (sample markup written for samlscope's tests)."""
    config = {
        "pgid": "ConvergedError",
        "iErrorCode": code,
        "strServiceExceptionMessage": message,
        "correlationId": correlation_id,
        "sessionId": request_id,
        "strTimestamp": at,
        "urlPost": "/common/login",
        "sCtx": "rQQIARAA-SAMPLE-CONTEXT",
        "sFT": "AQABIQEAAAA-SAMPLE-FLOW-TOKEN",
        "canary": "SAMPLE-CANARY",
    }
    return (
        "<!-- Copyright (C) Microsoft Corporation. All rights reserved. -->\n"
        '<!DOCTYPE html><html dir="ltr" lang="en"><head><title>Sign in to your account'
        '</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        '<script type="text/javascript">//<![CDATA[\n'
        f"$Config={json.dumps(config, separators=(',', ':'))};\n//]]></script></head><body>"
        '<div id="lightbox"><div role="heading">Sign in</div>'
        '<div id="errorMessage">Sorry, but we\'re having trouble signing you in.</div>'
        f'<div id="exceptionMessageContainer">{message}</div>'
        '<div id="debugDetailsBanner">Troubleshooting details</div>'
        '<div id="debugDetails">'
        f"<div><span>Request Id:</span> <span>{request_id}</span></div>"
        f"<div><span>Correlation Id:</span> <span>{correlation_id}</span></div>"
        f"<div><span>Timestamp:</span> <span>{at}</span></div>"
        f"<div><span>Message:</span> <span>{message}</span></div>"
        "</div></div></body></html>"
    )


def idp_failure(case: str, at: dt.datetime) -> list[Exchange]:
    """A login from My Apps that stops at Entra ID: the app launch, then Entra's error page."""
    code, message = IDP_FAILURES[case]
    n = sorted(IDP_FAILURES).index(case)
    request_id = f"5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f{n:04d}"
    correlation_id = f"d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4{n:04d}"
    stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    html = "text/html; charset=utf-8"
    return [
        Exchange(
            "GET",
            f"https://launcher.myapps.microsoft.com/api/signin/{APP_ID}?tenantId={TENANT}",
            at,
            302,
            response_headers={"Location": ENTRA_URL + "?SAMLRequest=&idpinitiated=true"},
        ),
        Exchange(
            "GET",
            ENTRA_URL + "?SAMLRequest=&idpinitiated=true",
            at + dt.timedelta(seconds=0.4),
            200,
            response_body=entra_error_page(code, message, request_id, correlation_id, stamp),
            response_headers={"Content-Type": html, "x-ms-request-id": request_id},
        ),
    ]


def successful_login(responses: dict[str, bytes], at: dt.datetime) -> list[Exchange]:
    """Entra's auto-post page and the one good POST of the sample session."""
    return session(responses, at)[:2]


SP_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>SAML login failed</title></head><body>"
    "<h1>Sign-in error</h1><p class='error'>Error code: {code}</p><p>RequestId: "
    "6C8A1F2E-0B3D-4E5F-9A7B-1C2D3E4F5A6B (sample page written for samlscope, not Alibaba "
    "Cloud's own markup).</p></body></html>"
)


def sp_error_login(responses: dict[str, bytes], at: dt.datetime, code: str) -> list[Exchange]:
    """The good login's POST, answered by an error page naming an Alibaba Cloud error code."""
    entra, good = successful_login(responses, at)
    answered = Exchange(
        good.method,
        good.url,
        good.at,
        200,
        form=good.form,
        response_body=SP_ERROR_PAGE.format(code=code),
        response_headers={"Content-Type": "text/html; charset=utf-8"},
    )
    return [entra, answered]


# ----- the same tenant signing in to AWS ----------------------------------------------------

AWS_ACS = "https://signin.aws.amazon.com/saml"
AWS_CONSOLE = "https://console.aws.amazon.com/console/home"
AWS_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>Amazon Web Services Sign-In</title></head><body>"
    "<div id='error'><h1>Error</h1><p>Your request included an invalid SAML response. To "
    "logout, click here.</p></div><p>(sample page written for samlscope, modelled on AWS's "
    "public error text)</p></body></html>"
)


def aws_session(responses: dict[str, bytes], at: dt.datetime) -> list[Exchange]:
    """Logins to AWS from the same Entra tenant: a good one, a reversed pair (AWS accepts it),
    the Alibaba Cloud app role copied into the AWS app, and a regional Recipient posted to the
    global endpoint."""
    html = {"Content-Type": "text/html; charset=utf-8"}

    def post(name: str, seconds: float, status: int, **kw: object) -> Exchange:
        form = {"SAMLResponse": base64.b64encode(responses[name]).decode()}
        return Exchange(
            "POST",
            AWS_ACS,
            at + dt.timedelta(seconds=seconds),
            status,
            form=form,
            **kw,  # type: ignore[arg-type]
        )

    return [
        Exchange(
            "GET",
            ENTRA_URL,
            at,
            200,
            response_body=AUTOPOST.format(acs=AWS_ACS),
            response_headers=html,
        ),
        post("good", 1.0, 302, response_headers={"Location": AWS_CONSOLE}),
        post("reversed", 20.0, 302, response_headers={"Location": AWS_CONSOLE}),
        post("copied", 40.0, 200, response_body=AWS_ERROR_PAGE, response_headers=html),
        post("regional", 60.0, 200, response_body=AWS_ERROR_PAGE, response_headers=html),
    ]


USER_SSO_ACS = "https://signin.aliyun.com/1234567890123456/saml/SSO"
USER_SSO_START = "https://signin.aliyun.com/1234567890123456/saml/login"
"""Where the sample SP-initiated sign-in starts (a sample URL: Alibaba Cloud's own start page
differs by site; what matters is the redirect with the SAMLRequest that follows)."""


def sp_initiated(
    requests: list[str], response: bytes, at: dt.datetime, relay_state: str | None = None
) -> list[Exchange]:
    """An SP-initiated user-based SSO sign-in: the SP redirects to Entra with each encoded
    AuthnRequest (HTTP-Redirect binding), Entra answers with its auto-post page, the browser
    posts the response to the user-SSO ACS, and Alibaba Cloud answers with a redirect."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    out: list[Exchange] = []
    for i, encoded in enumerate(requests):
        query = urlencode({"SAMLRequest": encoded, "RelayState": "https://ecs.console.aliyun.com/"})
        redirect = f"{ENTRA_URL}?{query}"
        t = at + dt.timedelta(seconds=20 * i)
        out.append(Exchange("GET", USER_SSO_START, t, 302, response_headers={"Location": redirect}))
        out.append(
            Exchange(
                "GET",
                redirect,
                t + dt.timedelta(seconds=0.5),
                200,
                response_body=AUTOPOST.format(acs=USER_SSO_ACS),
                response_headers=html,
            )
        )
    form = {"SAMLResponse": base64.b64encode(response).decode()}
    if relay_state is not None:
        form["RelayState"] = relay_state
    posted = at + dt.timedelta(seconds=20 * (len(requests) - 1) + 6)
    out.append(
        Exchange(
            "POST",
            USER_SSO_ACS,
            posted,
            302,
            form=form,
            response_headers={"Location": "https://home.console.aliyun.com/"},
        )
    )
    return out


# ----- the same tenant signing in to CloudSSO ---------------------------------------------

CLOUDSSO_ACS = (
    "https://signin-cn-shanghai.alibabacloudsso.com/saml/acs/51d298a9-2a3f-4e23-97c7-7ad1cfa90001"
)


def cloudsso_answered(response: bytes, at: dt.datetime, code: str | None) -> list[Exchange]:
    """One POST to a CloudSSO directory, answered by CloudSSO's error page naming `code` (or
    by a redirect to the user portal when None)."""
    form = {"SAMLResponse": base64.b64encode(response).decode()}
    if code is None:
        return [
            Exchange(
                "POST",
                CLOUDSSO_ACS,
                at,
                302,
                form=form,
                response_headers={
                    "Location": "https://signin-cn-shanghai.alibabacloudsso.com/device/portal"
                },
            )
        ]
    return [
        Exchange(
            "POST",
            CLOUDSSO_ACS,
            at,
            400,
            form=form,
            response_body=SP_ERROR_PAGE.format(code=code),
            response_headers={"Content-Type": "text/html; charset=utf-8"},
        )
    ]


# ----- logins that stop at IdPs other than Entra ----------------------------------------------
# Pages written for samlscope's tests, with each vendor's public wording of the case; the
# markup is ours (vendors change theirs), the texts are what samlscope matches.

_PAGE = (
    "<!DOCTYPE html><html><head><title>{title}</title></head><body><main>{body}</main>"
    "<p class='sample'>(sample page written for samlscope)</p></body></html>"
)
OTHER_IDP_PAGES: dict[str, tuple[str, str, int, str, str]] = {
    # key: (start URL, error page URL, status, title, body)
    "okta-unassigned": (
        "https://contoso.okta.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/272",
        "https://contoso.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml",
        403,
        "contoso - App Not Assigned",
        "<h1>403</h1><h2>App Not Assigned</h2><p>Sorry, you can't access Amazon Web Services "
        "because you are not assigned this app in Okta.</p><p>If you're wondering why this is "
        "happening, please contact your administrator.</p>",
    ),
    "okta-policy": (
        "https://contoso.okta.com/home/alibabacloud/0oa9z8y7x6w5v4u3t2s1/272",
        "https://contoso.okta.com/app/alibabacloud/exk9z8y7x6w5v4u3t2s1/sso/saml",
        403,
        "contoso - Access denied",
        "<h2>Access denied</h2><p>You are not allowed to access this app. To request access, "
        "contact an admin.</p>",
    ),
    "adfs-msis7007": (
        "https://adfs.contoso.example/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:alibaba:cloudcomputing:international",
        "https://adfs.contoso.example/adfs/ls/",
        200,
        "Sign In",
        "<div id='errorArea'><h2>An error occurred</h2><p>An error occurred. Contact your "
        "administrator for more information.</p><div id='errorDetails'><p>Error details</p>"
        "<ul><li>Activity ID: 00000000-0000-0000-3a05-0080000000d1</li><li>Relying party: "
        "Alibaba Cloud</li><li>Error time: Sun, 01 Nov 2026 09:00:04 GMT</li>"
        "<li>Cookie: enabled</li><li>Error details: MSIS7007: The requested relying party "
        "trust 'urn:alibaba:cloudcomputing' is unspecified or unsupported.</li></ul></div>"
        "</div>",
    ),
    "adfs-error": (
        "https://adfs.contoso.example/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:amazon:webservices",
        "https://adfs.contoso.example/adfs/ls/",
        200,
        "Sign In",
        "<h2>An error occurred</h2><p>An error occurred. Contact your administrator for more "
        "information.</p><p>Activity ID: 00000000-0000-0000-4b06-0080000000e2</p><p>Error "
        "time: Sun, 01 Nov 2026 09:00:04 GMT</p>",
    ),
    "google-not-enabled": (
        "https://accounts.google.com/o/saml2/initsso?idpid=C01abcdef&spid=123456789012&forceauthn=false",
        "https://accounts.google.com/o/saml2/initsso?idpid=C01abcdef&spid=123456789012&forceauthn=false",
        403,
        "Error 403 (app_not_enabled_for_user)",
        "<p><b>403.</b> That's an error.</p><p>Error: app_not_enabled_for_user</p><p>Service "
        "is not enabled for this user.</p>",
    ),
    "keycloak-requester": (
        "https://sso.contoso.example/realms/corp/protocol/saml/clients/alibabacloud",
        "https://sso.contoso.example/realms/corp/protocol/saml/clients/alibabacloud",
        400,
        "Sign in to corp",
        "<div id='kc-content'><h1 id='kc-page-title'>We are sorry...</h1>"
        "<p id='instruction1' class='instruction'>Invalid requester</p></div>",
    ),
    "ping-system-error": (
        "https://sso.contoso.example/idp/startSSO.ping?PartnerSpId=urn:amazon:webservices",
        "https://sso.contoso.example/idp/startSSO.ping?PartnerSpId=urn:amazon:webservices",
        500,
        "Error",
        "<h1>Unexpected System Error</h1><p>Sorry for the inconvenience. Please contact your "
        "administrator for assistance and provide the reference number below to help locate "
        "and correct the problem.</p><p>Reference number: 5XMMVDGDEFLKWVJZWIVNGRVC0B</p>",
    ),
}


def other_idp_failure(case: str, at: dt.datetime) -> list[Exchange]:
    """A login that stops at another IdP: its start URL, then its error page."""
    start, url, status, title, body = OTHER_IDP_PAGES[case]
    html = {"Content-Type": "text/html; charset=utf-8"}
    page = _PAGE.format(title=title, body=body)
    exchanges = [
        Exchange(
            "GET",
            url,
            at + dt.timedelta(seconds=0.5),
            status,
            response_body=page,
            response_headers=html,
        )
    ]
    if start != url:
        exchanges.insert(0, Exchange("GET", start, at, 302, response_headers={"Location": url}))
    return exchanges


def page_of(case: str) -> bytes:
    """The error page of one of OTHER_IDP_PAGES, as the browser got it."""
    _, _, _, title, body = OTHER_IDP_PAGES[case]
    return _PAGE.format(title=title, body=body).encode()


def aws_answered(response: bytes, at: dt.datetime, page: str | None) -> list[Exchange]:
    """One POST to AWS's sign-in endpoint, answered by AWS's error page (or, when None, by the
    redirect into the console)."""
    form = {"SAMLResponse": base64.b64encode(response).decode()}
    if page is None:
        return [
            Exchange(
                "POST", AWS_ACS, at, 302, form=form, response_headers={"Location": AWS_CONSOLE}
            )
        ]
    html = {"Content-Type": "text/html; charset=utf-8"}
    return [
        Exchange("POST", AWS_ACS, at, 200, form=form, response_body=page, response_headers=html)
    ]
