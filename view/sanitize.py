"""Make attacker-controlled strings safe to print.

rich's Text does not interpret markup or emoji codes, but it passes ESC and C1 controls (CSI
U+009B) to the terminal; those are removed here, as are bidirectional overrides that would
display a value reversed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    return _UNSAFE.sub("", str(value))


def text(value: object, style: str = "") -> Text:
    """A rich Text of any value: no markup, no emoji, no control characters."""
    from rich.text import Text

    return Text(clean(value), style=style)


def clip(value: str, limit: int = 300) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
