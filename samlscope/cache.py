"""`small_cache`: functools.lru_cache for the short values that recur, never for long ones.

Many caches here are keyed by text read from the input: a URL, an instant, a Role value, an
Issuer, a certificate. Real ones are short and the same few recur in every login, so caching
them pays. A hostile capture can make each of them up to the parser's size limit (1.5 MB), and
an lru_cache keeps its last `maxsize` keys and results alive after the analysis: 256 such
values would hold hundreds of MB. `small_cache` caches only calls whose str and bytes
arguments are all at most `longest` long; a longer one is computed and not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

_TEXT = (str, bytes)
P = ParamSpec("P")
T = TypeVar("T")


def small_cache(maxsize: int, longest: int) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Cache at most `maxsize` calls, and only those whose text arguments are short."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> T:
            for value in args:
                if isinstance(value, _TEXT) and len(value) > longest:
                    return function(*args, **kwargs)
            if kwargs:
                for value in kwargs.values():
                    if isinstance(value, _TEXT) and len(value) > longest:
                        return function(*args, **kwargs)
            return cached(*args, **kwargs)  # type: ignore[arg-type]

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
