"""Regular expressions compiled when first used, not when their module is imported.

Compiling the ~140 patterns samlscope's modules define took about 10 ms of every run, and a
run uses a few of them (an Alibaba login never reads an AWS answer or an Okta error page).
`lazy_pattern()` returns an object that behaves as the compiled pattern: the first use of any
attribute compiles it and puts the pattern's own bound methods on the object, so later calls
cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

_BOUND = (
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "finditer",
    "findall",
    "scanner",
    "groups",
    "groupindex",
)


class _LazyPattern:
    """A pattern and its flags, compiled on first use (see lazy_pattern)."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self.flags_given = flags
        MADE.append(self)

    def compiled(self) -> re.Pattern[Any]:
        return re.compile(self.pattern, self.flags_given)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends: the object as it is
            raise AttributeError(name)
        compiled = self.compiled()
        for bound in _BOUND:
            self.__dict__[bound] = getattr(compiled, bound)
        self.__dict__["flags"] = compiled.flags
        return getattr(compiled, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyPattern):
            return (self.pattern, self.flags_given) == (other.pattern, other.flags_given)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags_given))

    def __repr__(self) -> str:
        return f"lazy_pattern({self.pattern!r}, {self.flags_given})"


MADE: list[_LazyPattern] = []
"""Every lazy pattern made so far: the tests compile them all, so a pattern that does not
compile fails a test, not a user's run."""


def lazy_pattern(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, done on first use."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, int(flags)))
