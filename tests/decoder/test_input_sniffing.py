"""The input sniffing tests written without regular expressions answer exactly as the
expressions they replaced (compiling those cost every run more than reading the input)."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from samlscope.decoder.readers.inputs import _has_space, is_clean, is_flow_file, is_html

FLOW_FILE = re.compile(rb"^\d{1,12}:(?:\d|\Z)")
CLEAN = re.compile(r"[A-Za-z0-9+/=%\s_-]*")
WHITE = re.compile(r"\s")

_HEADS = st.one_of(
    st.binary(max_size=24),
    st.builds(
        lambda digits, rest: digits + b":" + rest,
        st.text("0123456789", max_size=14).map(str.encode),
        st.binary(max_size=4),
    ),
)
_TEXTS = st.text(
    st.sampled_from("Ab9+/=%_-.&<>é\u00a0\u2028\u3000 \t\r\n\x0b\x0c\x1c\x1f\x85"), max_size=40
) | st.text(max_size=40)


@given(_HEADS)
@example(b"12:")
@example(b"1: PHNh")
@example(b"1234567890123:4")
@example(b"123456789012:4")
@example(b":1")
@example("١:1".encode())
def test_flow_file_sniffing(head: bytes) -> None:
    assert is_flow_file(head) == (FLOW_FILE.match(head) is not None)


@given(_TEXTS)
@example("")
@example("PHNhbWxw\u00a0Oi==")
@example("abc\x1cdef")
def test_clean_and_space(text: str) -> None:
    assert is_clean(text) == (CLEAN.fullmatch(text) is not None)
    assert _has_space(text) == (WHITE.search(text) is not None)


HTML = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_PAGES = st.lists(
    st.sampled_from(
        [
            b"\xef\xbb\xbf",
            b" ",
            b"\n\t",
            b"<!--",
            b"-->",
            b"x",
            b"<!-- a -->",
            b"<html",
            b"<HTML",
            b"<!doctype",
            b"<!DOCTYPE",
            b" html",
            b"\x0bhtml",
            b"html",
            b">",
            b"_",
            b"5",
            b"-",
            b"<",
        ]
    ),
    max_size=8,
).map(b"".join)


@given(_PAGES | st.binary(max_size=40))
@example(b"<!doctype html>")
@example(b"<!doctypehtml>")
@example(b"<!doctype html")
@example(b"<html")
@example(b"<htmlx>")
@example(b"<!-- <html> -->")
@example(b"<!---->\n<HTML lang=en>")
def test_html_sniffing(head: bytes) -> None:
    assert is_html(head) == (HTML.match(head) is not None)
