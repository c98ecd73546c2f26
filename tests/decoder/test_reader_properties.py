"""Property tests for the capture readers (HAR, SAML-tracer, flow files) and the time parser.

Whatever a capture file holds, reading it gives captures and notes, or one InputError (exit
2): never another exception. The inputs start from the real shapes of the bundled sample
captures and change one field, one value or one byte at a time, including the values that once
crashed samlscope (Infinity, 1e400, year 9999 with a -14:00 offset, deep nesting).
"""

from __future__ import annotations

import contextlib
import json
import math
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLES
from samlscope.analysis import analyse
from samlscope.decoder.errors import InputError
from samlscope.decoder.readers.inputs import captures_from_bytes, read_captures
from samlscope.decoder.timeutil import iso, parse_http_date, parse_instant
from samlscope.rules.context import Config

HAR = json.loads((SAMPLES / "captures" / "logins.har").read_text())
TRACER = json.loads((SAMPLES / "captures" / "logins.saml-tracer.json").read_text())
FLOWS = (SAMPLES / "captures" / "logins.mitm").read_bytes()

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59Z",
            "",
            "[::1",
            "http://[::1/",
            "\u202e\x1b]0;x\x07",
            "SAMLResponse=%%%",
        ]
    ),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document."""
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


HAR_PATHS = [p for p in _paths(HAR) if p]
TRACER_PATHS = [p for p in _paths(TRACER) if p]


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


def _json_bytes(document: Any) -> bytes:
    # json.dumps writes Infinity/NaN for non-finite floats, as a careless exporter might.
    return json.dumps(document).encode()


def read_all(data: bytes, name: str) -> tuple[int, list[str]]:
    """Read a capture file both ways (path and bytes) and analyse what it yields."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return _read_all(data, path, name)


def _read_all(data: bytes, path: Path, name: str) -> tuple[int, list[str]]:
    counts = []
    notes: list[str] = []
    for reader in (lambda: read_captures(str(path), notes),):
        try:
            captures = list(reader())
        except InputError as e:
            assert "\n" not in str(e)
            captures = []
        for capture in captures:
            analyse(capture, Config(), None)
        counts.append(len(captures))
    with contextlib.suppress(InputError):
        captures_from_bytes(data, name, notes=notes)
    return counts[0], notes


@given(st.sampled_from(HAR_PATHS), ODD_VALUES)
def test_har_with_any_field_changed(path: tuple[Any, ...], value: Any) -> None:
    read_all(_json_bytes(_replace(HAR, path, value)), "x.har")


@given(st.sampled_from(TRACER_PATHS), ODD_VALUES)
def test_saml_tracer_with_any_field_changed(path: tuple[Any, ...], value: Any) -> None:
    read_all(_json_bytes(_replace(TRACER, path, value)), "x.json")


@given(st.integers(min_value=0, max_value=len(FLOWS) - 1), st.binary(min_size=1, max_size=8))
def test_flow_file_with_bytes_changed(offset: int, patch: bytes) -> None:
    data = FLOWS[:offset] + patch + FLOWS[offset + len(patch) :]
    read_all(data, "x.mitm")


@given(st.integers(min_value=0, max_value=len(FLOWS)))
def test_flow_file_cut_anywhere(offset: int) -> None:
    read_all(FLOWS[:offset], "x.mitm")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.har", b'{"log":{"entries":[' + b"[" * 200_000 + b"]" * 200_000 + b"]}}"),
        ("deep.json", b'{"requests":' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
        ("huge-length.mitm", b"999999999999:"),
        ("zero.mitm", b"0:"),
    ],
)
def test_hostile_capture_files_end_in_a_note_or_exit_2(name: str, data: bytes) -> None:
    count, _ = read_all(data, name)
    assert count == 0


def test_deep_tnetstring_is_one_skipped_flow() -> None:
    deep = b"7:4:POST,]"
    for _ in range(3000):
        deep = str(len(deep)).encode() + b":" + deep + b"]"
    count, notes = read_all(deep + FLOWS, "x.mitm")
    assert count == 3, "the flows after a broken record are still read"
    assert any("flow 0" in n and "nested too deeply" in n for n in notes)


def test_a_broken_har_entry_is_named_and_the_others_are_read() -> None:
    # Entries 1, 4 and 5 are the SAML POSTs: 4 answers with status Infinity, 1 is broken.
    broken = _replace(HAR, ("log", "entries", 4, "response", "status"), math.inf)
    broken = _replace(broken, ("log", "entries", 1, "request", "url"), 12)
    count, notes = read_all(_json_bytes(broken), "x.har")
    assert count == 2, "a status of Infinity is no status; the other entries are read"
    assert any("HAR entry 1" in n for n in notes), notes


@given(st.text(max_size=80) | ODD_VALUES)
def test_parse_instant_is_total(value: Any) -> None:
    parsed = parse_instant(value)
    if parsed is not None:
        assert parsed.tzinfo is not None
        iso(parsed)
        # Differences with any time are defined (rules compare differences).
        parsed - datetime(2026, 1, 1, tzinfo=UTC)
        datetime.max.replace(tzinfo=UTC) - parsed


@given(
    st.datetimes(
        min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
    ),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)
def test_parse_instant_reads_every_xs_datetime(moment: datetime, offset_minutes: int) -> None:
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S").rjust(19, "0") + f"{sign}{hours:02}:{minutes:02}"
    assert parse_instant(text) is not None


def _field(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(lambda n: f"{n:02}")


@given(
    st.integers(0, 9999).map(lambda n: f"{n:04}"),
    _field(0, 13),
    _field(0, 32),
    _field(0, 25),
    _field(0, 61),
    _field(0, 61),
    st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=12).map(".".__add__)),
    st.sampled_from(["", "Z"]),
)
def test_parse_instant_reads_utc_times_digit_by_digit(
    year: str, month: str, day: str, hour: str, minute: str, second: str, frac: str, zone: str
) -> None:
    """The fast path (datetime.fromisoformat) agrees with reading each field, valid or not."""
    text = f"{year}-{month}-{day}T{hour}:{minute}:{second}{frac}{zone}"
    micro = int((frac[1:] or "0")[:6].ljust(6, "0"))
    try:
        expected: datetime | None = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, UTC
        )
    except ValueError:
        expected = None
    assert parse_instant(text) == expected


@given(st.text(max_size=60) | ODD_VALUES)
def test_parse_http_date_is_total(value: Any) -> None:
    parsed = parse_http_date(value)
    if parsed is not None:
        iso(parsed)


def test_stdin_reads_every_sample_capture_format() -> None:
    for path in sorted((SAMPLES / "captures").iterdir()):
        if path.is_dir():
            continue
        captures = captures_from_bytes(path.read_bytes(), path.name, notes=[])
        assert len(captures) == 3, path.name
    for path in sorted((SAMPLES / "captures" / "idp").iterdir()):  # one IdP error page each
        (capture,) = captures_from_bytes(path.read_bytes(), path.name, notes=[])
        assert capture.idp_error is not None, path.name


@given(
    st.text(max_size=60)
    | st.sampled_from(
        ["http://[::1", "https://[fe80::1%x]/", "http://h:99999/", "http://\uff03x/", "//\u2100/"]
    )
)
def test_urls_from_input_never_raise(value: str) -> None:
    from samlscope.facts import endpoint_kind, profile_for_url
    from samlscope.rules.urls import compare
    from samlscope.urlparts import split_url

    split_url(value)
    endpoint_kind(value)
    profile_for_url(value)
    compare(value, "https://signin.alibabacloud.com/saml-role/sso")


@pytest.mark.parametrize("relay", ["[::1", "http://[::1", "https://h:port/"])
def test_a_relay_state_that_is_no_url_is_a_finding(relay: str) -> None:
    """Found by the property test above on a SAML-tracer export: ALI308 raised (exit 3)."""
    from urllib.parse import quote

    b64 = (SAMPLES / "entra" / "valid.b64").read_text().replace("\n", "")
    body = f"SAMLResponse={quote(b64, safe='')}&RelayState={quote(relay, safe='')}"
    captures = captures_from_bytes(body.encode(), "form", notes=[])
    report = analyse(captures[0], Config(profile="alibaba-intl"), None)
    assert "ALI308" in [f.code for f in report.findings]
