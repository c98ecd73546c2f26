"""Split a URL taken from a message or a capture without ever raising.

`urllib.parse.urlsplit` raises ValueError on some hostile values (an unclosed IPv6 bracket such
as `http://[::1`, a host that changes under NFKC normalisation), and `.port` raises on a port
that is not a number: every URL that comes from input is split here instead.

urlsplit keeps its last 128 results in its own cache, whatever their length; a hostile capture
could leave hundreds of MB there. Its uncached function is called here, behind a cache that
keeps short URLs only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

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
