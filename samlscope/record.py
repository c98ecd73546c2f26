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

The class is built here, not by `collections.namedtuple`, which compiles a `__new__` from
source for every class (~0.3 ms each; one run builds 44). Here `__new__` is a function written
once per number of fields (samlscope/_record_new.py), copied with the field names as its
parameter names; the other methods are shared by every Record. The class has what
namedtuple's has: `_fields`, `_field_defaults`, `_make`, `_replace`, `_asdict`,
`__match_args__`, a docstring per field, the same repr, pickling and copying.

What differs from typing.NamedTuple: nothing a caller sees. Methods, properties, docstrings and
an own `__repr__` are copied onto the class; a field without a default after one with a default
is refused, as there.
"""

from __future__ import annotations

import collections
from operator import itemgetter
from types import FunctionType
from typing import TYPE_CHECKING, Any

from samlscope._record_new import NEW

__all__ = ["Record"]

# What the class statement puts in every namespace, or the class defines itself.
_NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})
_namedtuple: Any = collections.namedtuple  # more fields than NEW covers: built as namedtuple
_tuple_new = tuple.__new__
_field: Any = getattr(collections, "_tuplegetter", None)  # CPython's accessor, as namedtuple


def _make(cls: Any, iterable: Any) -> Any:
    result = _tuple_new(cls, iterable)
    if len(result) != len(cls._fields):
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
    return result


def _replace(self: Any, /, **changes: Any) -> Any:
    result = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return result


def _repr(self: Any) -> str:
    return f"{self.__class__.__name__}{self._repr_format % tuple(self)}"


def _asdict(self: Any) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


def _getnewargs(self: Any) -> tuple[Any, ...]:
    return tuple(self)


_SHARED = {
    "__slots__": (),
    "_make": classmethod(_make),
    "_replace": _replace,
    "__repr__": _repr,
    "_asdict": _asdict,
    "__getnewargs__": _getnewargs,
}


def _build(name: str, fields: tuple[str, ...], defaults: list[Any], module: str) -> Any:
    if len(fields) >= len(NEW):
        return _namedtuple(name, fields, defaults=defaults, module=module)
    for field in fields:
        if not field.isidentifier() or field.startswith("_"):
            raise ValueError(f"{name}: {field!r} cannot name a field")
    template = NEW[len(fields)]
    code = template.__code__.replace(
        co_varnames=("_cls", *fields), co_name="__new__", co_qualname=f"{name}.__new__"
    )
    new = FunctionType(code, template.__globals__, "__new__", tuple(defaults) or None)
    namespace: dict[str, Any] = {
        **_SHARED,
        "__doc__": f"{name}({', '.join(fields)})",
        "__module__": module,
        "__new__": new,
        "__match_args__": fields,
        "_fields": fields,
        "_field_defaults": dict(zip(fields[len(fields) - len(defaults) :], defaults, strict=True)),
        "_repr_format": "(" + ", ".join(f"{field}=%r" for field in fields) + ")",
    }
    for index, field in enumerate(fields):
        doc = f"Alias for field number {index}"
        namespace[field] = _field(index, doc) if _field else property(itemgetter(index), doc=doc)
    return type(name, (tuple,), namespace)


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
        cls = _build(name, fields, defaults, namespace["__module__"])
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
