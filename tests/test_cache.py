"""Caches keyed by input text keep short values only: a hostile capture cannot make them hold
hundreds of MB after its analysis."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from samlscope.cache import small_cache
from samlscope.facts import endpoint_kind
from samlscope.facts.roles import parse_role
from samlscope.rules.wording import wording_for
from samlscope.urlparts import split_url


def test_short_calls_are_cached_and_long_ones_are_not() -> None:
    calls: list[str] = []

    @small_cache(maxsize=8, longest=10)
    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert upper("short") == upper("short") == "SHORT"
    assert calls == ["short"]
    long = "x" * 11
    assert upper(long) == upper(long) == long.upper()
    assert calls == ["short", long, long]
    assert upper.cache_info().currsize == 1  # type: ignore[attr-defined]
    assert upper(text="short") == "SHORT"  # keywords are checked too
    assert upper(text=long) == long.upper() and calls[-1] == long


READERS: list[tuple[str, Callable[[str], object]]] = [
    ("split_url", split_url),
    ("endpoint_kind", lambda v: endpoint_kind("https://signin.aliyun.com/saml-role/sso?" + v)),
    ("parse_role", lambda v: parse_role(v, "alibaba")),
    ("wording_for", lambda v: wording_for("alibaba-intl", v)),
]


@pytest.mark.parametrize("name,read", READERS, ids=[n for n, _ in READERS])
def test_long_input_values_are_not_kept(name: str, read: Callable[[str], object]) -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(300):  # more than any cache's size, each value 100 KB
            read(f"https://signin.aliyun.com/{n}/" + "a" * 100_000)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 5_000_000, f"{name} keeps {kept:,} bytes after 300 long values"
