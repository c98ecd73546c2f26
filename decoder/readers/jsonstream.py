"""Walk a large JSON document without holding it in memory: one array element at a time.

HAR files of hundreds of megabytes are common (a browser session with media); samlscope reads
them entry by entry. Only the current element and a read buffer are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

_WS = " \t\r\n"


_NUMBER = "0123456789.eE+-"


def _may_go_on(value: Any, buf: str, end: int) -> bool:
    """Whether the value decoded may be the start of a longer one the buffer cuts: at its end,
    or a number followed only by what could continue it (`1e` of `1e+16`, `12.` of `12.5`)."""
    if end >= len(buf):
        return True
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return len(buf) - end <= 32 and not buf[end:].strip(_NUMBER)


def _cut_short(error: json.JSONDecodeError, length: int) -> bool:
    """Whether the decoder failed for want of input (the value goes on past the buffer), not
    at a character more input cannot change: a string still open at the end, or an error in
    the last few characters (a `\\u` escape or a literal cut in two)."""
    return error.msg.startswith("Unterminated string") or error.pos >= length - 6


class JsonStream:
    def __init__(self, fh: TextIO, chunk: int = 1 << 20) -> None:
        self.fh = fh
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()
        self.largest = 0
        """The longest value decoded so far (in characters)."""

    def _fill(self, size: int | None = None) -> bool:
        if self.eof:
            return False
        data = self.fh.read(size or self.chunk)
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                raise ValueError("unexpected end of JSON")

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r} at offset {self.pos}, found {self.peek()!r}")
        self.pos += 1

    def value(self) -> Any:
        """Decode the next complete JSON value.

        Each value is decoded once: the buffer is refilled before it runs shorter than twice
        the longest value seen, so a value is rarely cut by the buffer's end. A cut one is
        decoded again after a refill, and its failed attempt is the costly part (the decoder's
        error counts the lines of the whole buffer before it)."""
        self.peek()
        if not self.eof and len(self.buf) - self.pos < 2 * self.largest + self.chunk // 4:
            self._fill(max(self.chunk, 2 * self.largest))
        size = self.chunk
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as e:
                if not _cut_short(e, len(self.buf)) or not self._fill(size):
                    raise  # an error more input cannot mend: at once, not after reading it all
                size *= 2
                continue
            if _may_go_on(value, self.buf, end) and not self.eof and self._fill(size):
                continue  # a number may go on in the next chunk
            self.largest = max(self.largest, end - self.pos)
            self.pos = end
            return value

    def object_keys(self) -> Iterator[str]:
        """Iterate the keys of the object that starts here; the caller consumes each value."""
        self.expect("{")
        first = True
        while True:
            if self.peek() == "}":
                self.pos += 1
                return
            if not first:
                self.expect(",")
            first = False
            key = self.value()
            if not isinstance(key, str):
                raise ValueError("object key is not a string")
            self.expect(":")
            yield key

    def array_items(self) -> Iterator[None]:
        """Iterate the elements of the array that starts here; the caller consumes each one."""
        self.expect("[")
        first = True
        while True:
            if self.peek() == "]":
                self.pos += 1
                return
            if not first:
                self.expect(",")
            first = False
            yield None
