"""xs:dateTime parsing that accepts what IdPs send (Entra writes 7 fractional digits)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from samlscope.lazyre import lazy_pattern

_DATETIME = lazy_pattern(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?"
)


def parse_instant(text: object) -> datetime | None:
    """Parse an xs:dateTime; a value without a zone is taken as UTC (as SAML requires).

    Anything that is not such a string (a number in a JSON file, None) gives None. A time whose
    zone offset carries it past year 1 or 9999 is clamped to the nearest representable instant,
    so every result can be compared and subtracted (callers compare differences, never add a
    timedelta to an input time).
    """
    if not isinstance(text, str) or len(text) > 64:
        return None
    text = text.strip()
    found = _DATETIME.fullmatch(text)
    if not found:
        return None
    zone = found.group(8)
    if zone is None or zone == "Z":  # what IdPs write; fromisoformat reads any fraction length
        try:
            return datetime.fromisoformat(text[:-1] if zone else text).replace(tzinfo=UTC)
        except ValueError:
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
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        try:
            value -= sign * offset
        except OverflowError:
            return _LATEST if sign < 0 else _EARLIEST
    return value


_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def parse_http_date(text: object) -> datetime | None:
    """Parse an HTTP Date header (RFC 9110 IMF-fixdate and the obsolete forms)."""
    if not isinstance(text, str) or not text or len(text) > 200:
        return None
    from email.utils import parsedate_to_datetime  # only capture files carry Date headers

    try:
        value = parsedate_to_datetime(text)
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def iso(value: datetime | None) -> str | None:
    """Render a datetime as ISO 8601 UTC with a Z, or None."""
    if value is None:
        return None
    with contextlib.suppress(OverflowError):  # year 1 or 9999 with an offset
        value = value.astimezone(UTC)
    text = value.isoformat(timespec="seconds" if not value.microsecond else "milliseconds")
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
