"""An IdP's own error page: the login stopped at the IdP, before any assertion was issued.

Microsoft Entra ID answers a sign-in it refuses (user not assigned, Conditional Access, a
disabled account...) with a "Sign in to your account" page on its sign-in host. The page
carries the AADSTS code and message, and its troubleshooting details: Request Id, Correlation
Id, Timestamp. They sit in the page's `$Config={...};` JSON (`strServiceExceptionMessage`,
`iErrorCode`, `correlationId`, `sessionId`) and in its text ("Request Id: ..."); both are
read, leniently, since Microsoft changes the page's markup without notice.

Only HTML answers of the sign-in hosts count, and not those of the OAuth endpoints
(`/oauth2/`): My Apps makes silent OAuth calls in hidden frames that fail routinely
(AADSTS50058) without any SAML login failing.

Source: Microsoft, "Microsoft Entra authentication and authorization error codes"
(https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from samlscope.facts.idps import ENTRA_HOSTS
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record
from samlscope.urlparts import host_of, split_url

MAX_PAGE = 2_000_000
_CODE = lazy_pattern(r"AADSTS(\d{5,7})")
_CONFIG = lazy_pattern(rb"\$Config\s*=\s*(\{)")
_TEXT_FIELD = {
    "request_id": lazy_pattern(r"Request Id:?\s*([0-9a-fA-F-]{36})"),
    "correlation_id": lazy_pattern(r"Correlation Id:?\s*([0-9a-fA-F-]{36})"),
    "timestamp": lazy_pattern(r"Timestamp:?\s*(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?Z?)"),
}
_MESSAGE = lazy_pattern(r"(AADSTS\d{5,7}:[^<\"\\]{1,1500})")
_APP = lazy_pattern(r"the application '?(.{1,200}?)'?\s*\('([0-9a-fA-F-]{36})'\)")
_USER = lazy_pattern(
    r"(?:signed in user|User account|user account|The user)\s+'([^'\s]{3,256})'", re.IGNORECASE
)
_TAGS = lazy_pattern(r"<[^>]{0,2000}>")
_SPACES = lazy_pattern(r"\s+")


class IdpError(Record):
    """What an IdP's error page said."""

    idp: str
    """The IdP, in words (`Microsoft Entra ID`)."""
    code: str | None
    """`AADSTS50105`."""
    message: str | None
    """The page's error message, one line."""
    request_id: str | None
    correlation_id: str | None
    timestamp: str | None
    """As the page shows it (Entra writes UTC)."""
    url: str
    status: int | None
    app_name: str | None = None
    app_id: str | None = None
    user: str | None = None
    """The account the page names (an identity: views mask it like a NameID)."""
    idp_key: str = "entra"
    """Which IdP's page it is (facts.idps keys)."""
    details: tuple[tuple[str, str], ...] = ()
    """Other IDs the page shows, labelled as the IdP labels them (AD FS's Activity ID)."""

    def troubleshooting(self) -> list[tuple[str, str]]:
        """The page's troubleshooting details that are present, labelled as the IdP labels
        them (support quotes them to the IdP's admins or vendor)."""
        pairs = (
            ("Request Id", self.request_id),
            ("Correlation Id", self.correlation_id),
            ("Timestamp", self.timestamp),
            *self.details,
        )
        return [(label, value) for label, value in pairs if value]


def is_idp_host(url: str) -> bool:
    """A URL whose answer may be an IdP's error page: Entra's sign-in hosts, a hosted IdP's
    host, a self-hosted IdP's path shape."""
    if host_of(url) in ENTRA_HOSTS:
        return True
    parts = split_url(url)
    if parts is None:
        return False
    from samlscope.facts.idp_pages import reader_for  # its patterns compile on first use

    return reader_for(parts.host, parts.path) is not None


def _config(body: bytes) -> dict[str, object]:
    """The page's `$Config={...};` object, or {} (read with a JSON decoder, never run)."""
    found = _CONFIG.search(body)
    if found is None:
        return {}
    text = body[found.start(1) :].decode("utf-8", "replace")
    try:
        value, _ = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _string(config: dict[str, object], *keys: str, longest: int = 200) -> str | None:
    for key in keys:
        value = config.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()[:longest]
    return None


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()[:1500]


def saved_page(body: bytes) -> IdpError | None:
    """An Entra error page saved to a file ("Save page as"): no URL or headers to go by, so
    only its content counts (an AADSTS code in `$Config` or in its text)."""
    return error_page("", None, [("content-type", "text/html")], body, saved=True)


def error_page(
    url: str,
    status: int | None,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    *,
    saved: bool = False,
) -> IdpError | None:
    """The IdP error an answer carries, or None. Cheap for every other answer: a host test,
    then a byte search for `AADSTS` (or the other IdP's marker text)."""
    if not saved and host_of(url) not in ENTRA_HOSTS:
        return _other_page(url, status, headers, body)
    if b"AADSTS" not in body[:MAX_PAGE]:
        return _other_page(url, status, headers, body) if saved else None
    parts = split_url(url)
    if parts is not None and "/oauth2/" in parts.path.lower():
        return None
    pairs = [(k.lower(), v) for k, v in headers]
    content_type = next((v for k, v in pairs if k == "content-type"), "")
    page = body[:MAX_PAGE]
    if "html" not in content_type.lower() and page.lstrip()[:1] != b"<":
        return None
    config = _config(page)
    text = page.decode("utf-8", "replace")
    message = _string(config, "strServiceExceptionMessage", "sErrTxt", longest=1500)
    if message is None or not _CODE.search(message):
        visible = _TAGS.sub(" ", text)
        found = _MESSAGE.search(visible)
        message = found.group(1) if found else message
    codes = _CODE.findall(message or "")
    number = codes[0] if codes else _string(config, "iErrorCode", "sErrorCode")
    if number is None or not number.isdigit():
        return None
    fields = {
        name: (m.group(1) if (m := pattern.search(_TAGS.sub(" ", text))) else None)
        for name, pattern in _TEXT_FIELD.items()
    }
    request_id = (
        _string(config, "sessionId", "requestId", "sRequestId")
        or fields["request_id"]
        or next((v.strip()[:80] for k, v in pairs if k == "x-ms-request-id"), None)
    )
    correlation_id = _string(config, "correlationId", "sCorrelationId") or fields["correlation_id"]
    timestamp = _string(config, "strTimestamp", "timestamp", "sTimestamp") or fields["timestamp"]
    app = _APP.search(message or "")
    user = _USER.search(message or "")
    return IdpError(
        idp="Microsoft Entra ID",
        code=f"AADSTS{number}",
        message=_one_line(message) if message else None,
        request_id=request_id,
        correlation_id=correlation_id,
        timestamp=timestamp,
        url=url,
        status=status,
        app_name=app.group(1).strip() if app else None,
        app_id=app.group(2) if app else None,
        user=user.group(1) if user else _string(config, "sPOST_Username", "sUsername"),
    )


def _visible(page: bytes) -> str:
    from html import unescape

    text = page.decode("utf-8", "replace")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
    return _SPACES.sub(" ", _TAGS.sub(" ", unescape(text))).strip()


def _other_page(
    url: str, status: int | None, headers: Iterable[tuple[str, str]], body: bytes
) -> IdpError | None:
    """An error page of an IdP other than Entra (facts.idp_pages), or None. A saved page (no
    URL) is tried with every reader."""
    from samlscope.facts.idp_pages import READERS, reader_for

    page = body[:MAX_PAGE]
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    if "html" not in content_type.lower() and page.lstrip()[:1] != b"<":
        return None
    parts = split_url(url) if url else None
    if url and parts is None:
        return None
    found = reader_for(parts.host, parts.path) if parts is not None else None
    readers = (found,) if found is not None else (() if url else READERS)
    text = ""
    for reader in readers:
        if reader.marker is None:
            continue
        text = text or _visible(page)
        if not reader.marker.search(text):
            continue
        case = next((c for c in reader.cases if c.pattern.search(text)), None)
        if case is None:
            continue
        hit = case.pattern.search(text)
        # the sentence the case was found in, and the one after it
        start = text.rfind(". ", max(0, hit.start() - 300), hit.start()) + 2 if hit else 0
        start = start if start > 1 else max(0, (hit.start() if hit else 0) - 100)
        end = text.find(". ", (hit.end() if hit else 0))
        end = len(text) if end < 0 else text.find(". ", end + 2)
        end = len(text) if end < 0 else end + 1
        details = tuple(
            (label, m.group(1).strip()[:200])
            for label, pattern in reader.trace
            if (m := pattern.search(text))
        )
        from samlscope.facts.idps import by_key

        return IdpError(
            idp=by_key(reader.idp).name,
            code=case.code,
            message=_one_line(text[start:end][:600]),
            request_id=None,
            correlation_id=None,
            timestamp=None,
            url=url,
            status=status,
            idp_key=reader.idp,
            details=details,
        )
    return None
