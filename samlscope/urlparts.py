"""Split a URL taken from a message or a capture without ever raising.

`urllib.parse.urlsplit` raises ValueError on some hostile values (an unclosed IPv6 bracket such
as `http://[::1`, a host that changes under NFKC normalisation), and `.port` raises on a port
that is not a number: every URL that comes from input is split here instead.

urlsplit keeps its last 128 results in its own cache, whatever their length; a hostile capture
could leave hundreds of MB there. Its uncached function is called here, behind a cache that
keeps short URLs only.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from samlscope.cache import small_cache
from samlscope.record import Record

_urlsplit = getattr(urlsplit, "__wrapped__", urlsplit)  # without the stdlib's own cache


class Url(Record):
    scheme: str
    host: str
    """Lower-case host name ("" when there is none)."""
    port: int | None
    """The explicit port, else the scheme's default (https 443, http 80), else None."""
    path: str
    query: str


_DEFAULT_PORTS = {"https": 443, "http": 80}


@small_cache(maxsize=512, longest=2048)
def split_url(value: str) -> Url | None:
    """The parts of a URL, or None when it cannot be split (cached: every rule that asks which
    endpoint a login went to splits the same few URLs)."""
    try:
        parts = _urlsplit(value.strip())
        port = parts.port
        host = parts.hostname or ""
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    return Url(scheme, host.lower(), port or _DEFAULT_PORTS.get(scheme), parts.path, parts.query)


def host_of(value: str | None) -> str:
    """The lower-case host of a URL ("" when there is none or it cannot be split)."""
    parts = split_url(value) if value else None
    return parts.host if parts is not None else ""


# ----- routing: which resource a permissive server would serve for a URL -------------------
_MAX_UNQUOTE = 3


def routed_host(host: str) -> str:
    """A host name as a server matches it: percent-decoded, lower case, without the trailing
    dot of a fully qualified name (`SIGNIN.alibabacloud.com.` is `signin.alibabacloud.com`)."""
    host = host.strip()
    if "%" in host:
        host = _unquote_all(host)
    return host.lower().rstrip(".")


def _unquote_all(text: str) -> str:
    """Percent-decoded until nothing changes (at most a few rounds): a value encoded twice is
    ambiguous, and the watch takes the reading that reaches an endpoint."""
    for _ in range(_MAX_UNQUOTE):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def routed_path(path: str) -> str:
    """A request path the way a permissive server routes it, so that every spelling of one
    endpoint compares equal: no query or fragment; `;` path parameters removed from every
    segment (`/sso;jsessionid=1`); percent-decoded, an encoded slash or dot included
    (`/saml-role%2Fsso`, `/%73aml`); backslashes read as slashes; cut at a NUL; dot segments
    resolved (`/saml-role/./sso`, `/x/../saml`); repeated slashes merged; no trailing slash.
    Letter case is kept (callers compare case-insensitively where servers do)."""
    path = path.partition("?")[0].partition("#")[0]
    path = _strip_parameters(path)  # before decoding: a server strips ;params first
    if "%" in path:
        path = _strip_parameters(_unquote_all(path))  # `%3B` decodes to a parameter too
    path = path.partition("\x00")[0].replace("\\", "/")
    segments: list[str] = []
    for segment in path.split("/"):
        segment = segment.strip()
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    return "/" + "/".join(segments)


def _strip_parameters(path: str) -> str:
    if ";" not in path:
        return path
    return "/".join(segment.partition(";")[0] for segment in path.split("/"))


class Route(Record):
    """Where a URL leads, as a server routes it (see routed_host and routed_path)."""

    scheme: str
    host: str
    path: str

    @property
    def url(self) -> str:
        return f"{self.scheme or 'https'}://{self.host}{self.path}"


@small_cache(maxsize=256, longest=2048)
def route(value: str) -> Route | None:
    """The routed form of a URL (None when it cannot be split)."""
    try:
        parts = _urlsplit(value.strip())
        host = parts.hostname or ""
    except ValueError:
        return None
    return Route(parts.scheme.lower(), routed_host(host), routed_path(parts.path))
