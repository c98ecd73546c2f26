"""Make attacker-controlled strings safe and honest to print.

A SAML value can carry characters that change what a reader sees without being seen: terminal
escapes (ESC, CSI U+009B), a newline or U+2028 that fakes a report line, bidirectional controls
(U+202E shows `role/admin` as `role/nimda`), zero-width characters that hide inside a name.
Every one of them (Unicode categories Cc, Cf, Zl, Zp) is shown as a visible mark such as
`⟨U+202E⟩` in the terminal and HTML views. JSON keeps the exact value (escaped, see
view.json_report). rich's Text interprets no markup or emoji codes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from samlscope.lazyre import lazy_pattern

if TYPE_CHECKING:
    from rich.text import Text


_COMMON_INVISIBLE = lazy_pattern(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb]"
)


_SPACE_RUNS = lazy_pattern(r"([\t\n\x0b\x0c\r ]+)")
_TO_SPACE = str.maketrans("\t\n\x0b\x0c\r", "     ")


def wrap_words(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most `width` characters broken only at white space; a word longer than a
    line stays whole on its own line. The lines textwrap.wrap gives with break_long_words and
    break_on_hyphens off (first and rest are its initial and subsequent indents), without
    importing textwrap on every run."""
    text = text.translate(_TO_SPACE)
    if len(first) + len(text) <= width and text.isascii():  # one line, the usual case
        text = text.rstrip(" ")
        return [first + text] if text else []
    chunks = [c for c in _SPACE_RUNS.split(text) if c]
    lines: list[str] = []
    i, n = 0, len(chunks)
    while i < n:
        prefix = rest if lines else first
        room = width - len(prefix)
        if lines and chunks[i].isspace():  # a line after the first starts with a word
            i += 1
        start, size = i, 0
        while i < n and size + len(chunks[i]) <= room:
            size += len(chunks[i])
            i += 1
        if i == start and i < n:  # a word longer than the line: alone on it
            i += 1
        end = i - 1 if i > start and chunks[i - 1].isspace() else i
        if end > start:
            lines.append(prefix + "".join(chunks[start:end]))
    return lines


def _mark(match: re.Match[str]) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def visible(value: object, *, keep_newlines: bool = False) -> str:
    """The value with every invisible or control character shown as ⟨U+XXXX⟩.

    `keep_newlines` keeps "\\n" as a line break (for text that is made of lines, such as
    pretty-printed XML or a message to stderr); a value's own newline is otherwise shown.
    """
    s = str(value)
    if s.isprintable():
        return s
    if keep_newlines:
        return "\n".join(_show(line) for line in s.split("\n"))
    return _show(s)


def _show(s: str) -> str:
    if s.isascii():
        return _COMMON_INVISIBLE.sub(_mark, s)
    return "".join(f"⟨U+{ord(c):04X}⟩" if _hidden(c) else c for c in s)


@lru_cache(maxsize=4096)  # bounded: a hostile text may hold every code point
def _hidden(char: str) -> bool:
    import unicodedata  # only text that is not printable ASCII gets here

    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def clean(value: object) -> str:
    """Text made of lines (stderr, the XML view): line breaks kept, every other invisible
    character shown."""
    return visible(value, keep_newlines=True)


def text(value: object, style: str = "") -> Text:
    """A rich Text of one value: no markup, no emoji, every invisible character shown (a
    newline in it too; add structural line breaks with Text.append("\\n"))."""
    from rich.text import Text

    return Text(visible(value), style=style)


def clip(value: str, limit: int = 300) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
