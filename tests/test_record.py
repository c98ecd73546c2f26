"""Record builds what typing.NamedTuple builds, minus the annotation checks."""

from __future__ import annotations

import pickle
from typing import NamedTuple

import pytest

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
