"""Record builds what typing.NamedTuple builds, minus the annotation checks."""

from __future__ import annotations

import copy
import pickle
from typing import Any, NamedTuple

import pytest

from samlscope._record_new import NEW
from samlscope.decoder.message.model import Instant
from samlscope.record import Record


class Point(Record):
    """A point."""

    x: int
    y: int = 0
    label: str | None = None

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)

    def moved(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)


class TypingPoint(NamedTuple):
    x: int
    y: int = 0
    label: str | None = None


def test_a_record_is_the_named_tuple_typing_would_build() -> None:
    p = Point(3, label="a")
    t = TypingPoint(3, label="a")
    assert p == t and tuple(p) == (3, 0, "a")
    assert repr(p) == "Point(x=3, y=0, label='a')"
    assert p._fields == t._fields and p._field_defaults == t._field_defaults
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str | None"}
    assert Point.__doc__ == "A point." and Point.__qualname__ == "Point"
    assert p.norm == 3 and p.moved(2).x == 5 and p._asdict()["label"] == "a"
    assert pickle.loads(pickle.dumps(Instant("x", None))) == Instant("x", None)
    with pytest.raises(AttributeError):
        p.x = 4  # type: ignore[misc]


def test_field_order_is_checked_as_typing_checks_it() -> None:
    with pytest.raises(TypeError, match="without a default"):

        class Bad(Record):
            a: int = 0
            b: int

    with pytest.raises(TypeError, match="Record alone"):

        class Mixed(Record, Exception):  # type: ignore[misc]
            z: int


def test_it_answers_as_the_named_tuple_does() -> None:
    p, t = Point(1, 2), TypingPoint(1, 2)
    assert Point(x=1, y=2) == p and Point._make([1, 2, None]) == p
    assert p._replace(label="b") == t._replace(label="b")
    assert Point.__match_args__ == TypingPoint.__match_args__
    assert Point.x.__doc__ == TypingPoint.x.__doc__ and Point.__slots__ == ()
    assert copy.deepcopy(p) == p and copy.copy(p) == p
    match p:
        case Point(x, y):
            assert (x, y) == (1, 2)
        case _:
            raise AssertionError("positional match")


@pytest.mark.parametrize(
    "call",
    [
        lambda cls: cls(),
        lambda cls: cls(1, 2, 3, 4),
        lambda cls: cls(1, x=2),
        lambda cls: cls(1, z=2),
        lambda cls: cls._make([1]),
        lambda cls: cls(1)._replace(z=1),
    ],
)
def test_it_refuses_what_the_named_tuple_refuses(call: Any) -> None:
    with pytest.raises(Exception) as theirs:
        call(TypingPoint)
    with pytest.raises(theirs.type):
        call(Point)


def _record(name: str, fields: list[str]) -> Any:
    """`class name(Record)` with these int fields."""
    namespace = {"__module__": __name__, "__annotations__": dict.fromkeys(fields, "int")}
    return type(Record)(name, (Record,), namespace)


@pytest.mark.parametrize("n", range(len(NEW)))
def test_each_new_takes_its_fields_in_order(n: int) -> None:
    fields = [f"f{i}" for i in range(n)]
    cls = type(Record)(
        f"R{n}",
        (Record,),
        {"__module__": __name__, "__annotations__": dict.fromkeys(fields, "int")},
    )
    assert tuple(cls(*range(n))) == tuple(range(n))
    assert tuple(cls(**{f: i for i, f in enumerate(fields)})) == tuple(range(n))
    assert cls._fields == tuple(fields)


def test_more_fields_than_written_out_still_make_a_record() -> None:
    fields = [f"f{i}" for i in range(len(NEW) + 3)]
    cls = type(Record)(
        "Wide", (Record,), {"__module__": __name__, "__annotations__": dict.fromkeys(fields, "int")}
    )
    value = cls(*range(len(fields)))
    assert value.f0 == 0 and value._replace(f1=9).f1 == 9
