"""The views' word wrapper gives textwrap's lines (it exists so no run imports textwrap)."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from samlscope.view.sanitize import wrap_words

WORDS = st.text(alphabet=st.sampled_from(list("ab -xyz\u00a0\t\n")), max_size=80)


@given(WORDS, st.integers(1, 30), st.text(alphabet=" >", max_size=4), st.text(" ", max_size=6))
def test_wrap_words_breaks_like_textwrap(text: str, width: int, first: str, rest: str) -> None:
    expected = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
        expand_tabs=False,
    )
    assert wrap_words(text, width, first, rest) == expected


def test_a_word_longer_than_the_line_stays_whole() -> None:
    url = "https://signin.alibabacloud.com/saml-role/sso?" + "x" * 80
    assert wrap_words(f"posted to {url} today", 40, "  ", "    ") == [
        "  posted to",
        f"    {url}",
        "    today",
    ]
