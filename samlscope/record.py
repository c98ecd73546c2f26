"""`Record`: typing.NamedTuple's class syntax, without its start-up cost.

Every immutable value samlscope passes around (the decoded model, findings, the report) is a
named tuple written as a class:

    class Instant(Record):
        raw: str
        value: datetime | None = None

For type checkers `Record` *is* `typing.NamedTuple`, so mypy checks fields, defaults and
`_replace` as usual. At run time it builds the same `collections.namedtuple` class, but does
not check each annotation the way typing.NamedTuple does: with postponed annotations (PEP 563)
that check compiles every annotation string, and samlscope's ~190 fields cost every
`samlscope inspect` about 4 ms before it read a byte. Annotations are kept as written.

What differs from typing.NamedTuple: nothing a caller sees. Methods, properties, docstrings and
an own `__repr__` are copied onto the class; a field without a default after one with a default
is refused, as there.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

__all__ = ["Record"]

# What the class statement puts in every namespace, or namedtuple defines itself.
_namedtuple: Any = collections.namedtuple  # called with computed fields, as typing does
_NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})


class _RecordMeta(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if not bases:  # Record itself
            return super().__new__(mcs, name, bases, namespace)
        if bases != (Record,):
            raise TypeError(f"{name}: a Record derives from Record alone")
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        defaults = [namespace[field] for field in annotations if field in namespace]
        fields = tuple(annotations)
        if defaults and any(field not in namespace for field in fields[-len(defaults) :]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        cls = _namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
        cls.__qualname__ = namespace.get("__qualname__", name)
        cls.__annotations__ = annotations
        for key, value in namespace.items():
            if key not in _NOT_COPIED and key not in annotations:
                setattr(cls, key, value)
        return cls


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class Record(metaclass=_RecordMeta):
        """Derive from this to declare a named tuple (see the module's docstring)."""
