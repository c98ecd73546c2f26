"""HTTP bodies decoded from their Content-Encoding within a byte budget.

mitmproxy's `get_content()` inflates a whole body before anything can look at its size: a
300 KB gzip body that expands to 300 MB costs that much memory, and more in the live proxy.
Here gzip, deflate, br and zstd are decoded incrementally and stop as soon as the output
passes the budget, so one input never costs more than the budget plus a small constant.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from samlscope.decoder.limits import MAX_BODY_BYTES

_BROTLI_STEP = 64
"""Compressed bytes fed to brotli per call when it cannot cap its output itself: one brotli
command copies at most ~16 MB, so a step overshoots the budget by a bounded amount."""
_ZSTD_WINDOW = 1 << 23
"""The largest zstd window accepted (zstd's own default lets a frame ask for 128 MB)."""


class BodyError(ValueError):
    """A body that cannot be decoded within the budget: the sentence says why."""


def _zlib(data: bytes, wbits: int, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits)
    out = bytearray()
    pending = data
    while pending:
        out += inflater.decompress(pending, limit + 1 - len(out))
        if len(out) > limit:
            raise BodyError(f"it expands past {limit:,} bytes")
        if inflater.eof:
            break
        if pending == inflater.unconsumed_tail:  # no progress: truncated input
            break
        pending = inflater.unconsumed_tail
    return bytes(out)


def _gzip(data: bytes, limit: int) -> bytes:
    try:
        return _zlib(data, 16 + zlib.MAX_WBITS, limit)
    except zlib.error as e:
        raise BodyError(f"its gzip data is damaged ({e})") from None


def _deflate(data: bytes, limit: int) -> bytes:
    # "deflate" is zlib-wrapped by the RFC and raw DEFLATE in practice: try both, as browsers do
    try:
        return _zlib(data, zlib.MAX_WBITS, limit)
    except zlib.error:
        pass
    try:
        return _zlib(data, -zlib.MAX_WBITS, limit)
    except zlib.error as e:
        raise BodyError(f"its deflate data is damaged ({e})") from None


def _brotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli  # mitmproxy's own dependency
    except ImportError:
        raise BodyError("it is brotli-compressed and brotli is not installed") from None
    decompressor = brotli.Decompressor()
    out = bytearray()
    try:
        for start in range(0, len(data), _BROTLI_STEP):
            out += decompressor.process(data[start : start + _BROTLI_STEP])
            if len(out) > limit:
                raise BodyError(f"it expands past {limit:,} bytes")
    except brotli.error as e:
        raise BodyError(f"its brotli data is damaged ({e})") from None
    return bytes(out)


def _zstd(data: bytes, limit: int) -> bytes:
    try:
        import zstandard  # mitmproxy's own dependency
    except ImportError:
        raise BodyError("it is zstd-compressed and zstandard is not installed") from None
    try:
        reader = zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).stream_reader(
            data, read_across_frames=True
        )
        out = reader.read(limit + 1)
    except zstandard.ZstdError as e:
        raise BodyError(f"its zstd data cannot be decoded within the budget ({e})") from None
    if len(out) > limit:
        raise BodyError(f"it expands past {limit:,} bytes")
    return bytes(out)


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": _gzip,
    "x-gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
    "zstd": _zstd,
}


def decode_body(raw: bytes | None, encoding: str | None, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body with its Content-Encoding undone (several encodings in reverse order), at most
    `limit` bytes at every step; BodyError when it is larger, damaged or in an unknown
    encoding."""
    data = raw or b""
    if len(data) > limit:
        raise BodyError(f"it is {len(data):,} bytes, over the {limit:,} read")
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("identity", "none"):
            continue
        decoder = _DECODERS.get(coding)
        if decoder is None:
            raise BodyError(f"its Content-Encoding {coding[:40]!r} is not one samlscope reads")
        data = decoder(data, limit)
    return data


def body_prefix(raw: bytes | None, encoding: str | None, limit: int) -> bytes:
    """As much of the decoded body as fits in `limit` bytes (an SP's answer page, shown in
    part); empty when it cannot be decoded."""
    try:
        return decode_body(raw, encoding, limit)
    except BodyError:
        pass
    try:  # over the budget: the start of it, decoded by the same bounded steps
        data = raw or b""
        codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
            wbits = 16 + zlib.MAX_WBITS if codings[0] != "deflate" else zlib.MAX_WBITS
            return zlib.decompressobj(wbits).decompress(data, limit)
        return data[:limit] if not codings else b""
    except zlib.error:
        return b""
