"""xs:dateTime parsing that accepts what IdPs send (Entra writes 7 fractional digits)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?"
)


def parse_instant(text: str | None) -> datetime | None:
    """Parse an xs:dateTime; a value without a zone is taken as UTC (as SAML requires)."""
    if text is None:
        return None
    found = _DATETIME.fullmatch(text.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, frac, zone = found.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        value = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, UTC
        )
    except ValueError:
        return None
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        value -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    return value


def parse_http_date(text: str | None) -> datetime | None:
    """Parse an HTTP Date header (RFC 9110 IMF-fixdate and the obsolete forms)."""
    if not text:
        return None
    from email.utils import parsedate_to_datetime  # only capture files carry Date headers

    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    """Render a datetime as ISO 8601 UTC with a Z, or None."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat(
        timespec="seconds" if not value.microsecond else "milliseconds"
    )
    return text.replace("+00:00", "Z")


def describe_delta(seconds: float) -> str:
    """'3 min 20 s', '2 h 5 min', '4 d 1 h' — for messages about clock differences."""
    s = abs(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s % 60 else f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60} min"
    return f"{s // 86400} d {s % 86400 // 3600} h"
