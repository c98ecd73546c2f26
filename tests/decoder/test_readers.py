"""Capture files: HAR as browsers write it, SAML-tracer exports, mitmproxy flow files."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import SAMPLES
from samlscope.decoder.errors import InputError
from samlscope.decoder.readers.inputs import read_captures
from samlscope.decoder.readers.jsonstream import JsonStream

CAPTURES = SAMPLES / "captures"
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
B64 = base64.b64encode(VALID).decode()
ACS = "https://signin.alibabacloud.com/saml-role/sso"


def entry(post: dict[str, Any] | None, method: str = "POST", url: str = ACS) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url, "headers": []}
    if post is not None:
        request["postData"] = post
    return {
        "startedDateTime": "2026-11-01T10:01:30.000+01:00",
        "time": 5,
        "request": request,
        "response": {
            "status": 302,
            "headers": [{"name": "Location", "value": "https://x/"}],
            "content": {},
        },
    }


def har(*entries: dict[str, Any]) -> str:
    return json.dumps(
        {"log": {"version": "1.2", "creator": {"name": "t"}, "entries": list(entries)}}
    )


def read(tmp_path: Path, text: str | bytes, notes: list[str] | None = None) -> list[Any]:
    path = tmp_path / "capture"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return list(read_captures(str(path), notes))


FORM = f"SAMLResponse={quote(B64, safe='')}&RelayState=r"


@pytest.mark.parametrize(
    "post",
    [
        {
            "mimeType": "application/x-www-form-urlencoded",
            "text": FORM,
            "params": [{"name": "SAMLResponse", "value": quote(B64, safe="")}],
        },  # Chrome
        {
            "mimeType": "application/x-www-form-urlencoded",
            "text": FORM,
            "params": [{"name": "SAMLResponse", "value": B64}],
        },  # Firefox
        {
            "mimeType": "application/x-www-form-urlencoded",
            "params": [
                {"name": "SAMLResponse", "value": B64},
                {"name": "RelayState", "value": "r"},
            ],
        },
        {
            "mimeType": "application/x-www-form-urlencoded",
            "params": [{"name": "SAMLResponse", "value": quote(B64, safe="")}],
        },  # params only
        {
            "mimeType": "application/x-www-form-urlencoded",
            "encoding": "base64",
            "text": base64.b64encode(FORM.encode()).decode(),
        },  # HAR 1.3 draft
    ],
)
def test_har_post_shapes(tmp_path: Path, post: dict[str, Any]) -> None:
    (capture,) = read(tmp_path, har(entry(post)))
    assert capture.value == B64
    assert capture.endpoint == ACS
    assert capture.captured_at.isoformat() == "2026-11-01T09:01:30+00:00"
    assert capture.answer.status == 302


def test_har_with_bom_and_broken_entries(tmp_path: Path) -> None:
    notes: list[str] = []
    text = har(
        {"broken": True},
        entry(None, "GET", "https://example.com/"),
        entry({"text": FORM, "mimeType": "application/x-www-form-urlencoded"}),
    )
    captures = read(tmp_path, b"\xef\xbb\xbf" + text.encode(), notes)
    assert len(captures) == 1 and captures[0].value == B64
    assert any("skipped broken HAR entry 0" in n for n in notes)


def test_json_that_is_neither_har_nor_tracer_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="neither a HAR"):
        read(tmp_path, '{"foo": 1}')
    with pytest.raises(InputError, match="not valid JSON"):
        read(tmp_path, '{"requests": [ {"url": ')


def test_a_har_cut_off_keeps_what_came_before_and_says_where_it_stopped(tmp_path: Path) -> None:
    whole = (SAMPLES / "captures" / "logins.har").read_text()
    cut = whole[: whole.rindex('"startedDateTime"')]  # inside the last entry
    notes: list[str] = []
    captures = read(tmp_path, cut, notes)
    assert len(captures) == 2
    assert any("stopped reading at HAR entry 5" in n for n in notes), notes


def test_json_stream_reads_values_across_chunk_boundaries() -> None:
    items = [{"n": i, "pad": "x" * (i * 37 % 500), "num": 12345678901234567890} for i in range(300)]
    stream = JsonStream(io.StringIO(json.dumps({"a": 1, "list": items, "z": [1.5e300]})), chunk=7)
    seen = []
    for key in stream.object_keys():
        if key == "list":
            seen = [stream.value() for _ in stream.array_items()]
        else:
            stream.value()
    assert seen == items


def test_saml_tracer_masked_value_falls_back_to_decoded_saml(tmp_path: Path) -> None:
    notes: list[str] = []
    export = {
        "requests": [
            {
                "method": "POST",
                "url": ACS,
                "requestId": "request-1",
                "post": [["SAMLResponse", {"hash": "ab12"}], ["RelayState", "r"]],
                "saml": VALID.decode(),
                "responseStatus": 302,
                "responseHeaders": [{"name": "Date", "value": "Sun, 01 Nov 2026 09:01:30 GMT"}],
            }
        ],
        "timestamp": "2026-11-01T09:30:00.000Z",
    }
    (capture,) = read(tmp_path, json.dumps(export), notes)
    assert base64.b64decode(capture.value) == VALID
    assert capture.captured_at_source.startswith("SAML-tracer: response Date")
    assert any("masked" in n for n in notes)


def test_damaged_flow_file_keeps_what_was_read(tmp_path: Path) -> None:
    data = (CAPTURES / "logins.mitm").read_bytes()
    notes: list[str] = []
    captures = read(tmp_path, data[: len(data) - 50], notes)
    assert len(captures) == 2 and any("damaged" in n for n in notes)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(st.characters(codec="utf-8"), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=25,
)


class _Counted(io.StringIO):
    """A file that counts what is read from it."""

    read_so_far = 0

    def read(self, size: int | None = -1) -> str:
        data = super().read(size)
        self.read_so_far += len(data)
        return data


@given(_JSON, st.integers(1, 64), st.booleans())
def test_json_stream_values_whatever_the_chunks(value: Any, chunk: int, indent: bool) -> None:
    text = json.dumps(value, indent=1 if indent else None, ensure_ascii=False)
    assert JsonStream(io.StringIO(text + " "), chunk=chunk).value() == value


@given(st.integers(0, 2_000), st.sampled_from(["@", "]", "\x01", "\\x", ",,"]))
def test_a_syntax_error_is_raised_where_it_is(at: int, bad: str) -> None:
    """An error in the middle of a large document is raised without reading the rest of it
    (it once read the whole file into memory, doubling its buffer, before raising)."""
    items = [{"n": i, "text": "y" * 50} for i in range(400)]
    text = json.dumps(items)
    position = text.index("{", at)
    broken = _Counted(text[:position] + bad + text[position:] + " " * 200_000)
    stream = JsonStream(broken, chunk=256)
    with pytest.raises(ValueError):
        for _ in stream.array_items():
            stream.value()
    assert broken.read_so_far <= position + 4 * 256
