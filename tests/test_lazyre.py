"""Patterns compiled on first use behave as compiled patterns, and every one samlscope's
modules define compiles (so a broken pattern fails here, not in a user's run)."""

from __future__ import annotations

import copy
import importlib
import pickle
import pkgutil
import re

from samlscope import lazyre
from samlscope.lazyre import lazy_pattern

PACKAGES = (
    "samlscope",
    *(f"samlscope.{p}" for p in ("addon", "decoder", "facts", "rules", "view")),
)
SKIP = ("samlscope.addon.saml_inspector", "samlscope.__main__")


def test_every_pattern_samlscope_defines_compiles() -> None:
    for package in PACKAGES:  # each maps to a folder of its own (pyproject's package-dir)
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            if info.name not in SKIP:
                importlib.import_module(info.name)
    assert len(lazyre.MADE) > 100
    bad = []
    for made in lazyre.MADE:
        try:
            made.compiled()
        except re.error as e:
            bad.append((made.pattern, str(e)))
    assert not bad, bad


def test_it_answers_as_the_compiled_pattern() -> None:
    lazy = lazy_pattern(r"acs:ram::(\d+):role/(\w+)", re.I)
    real = re.compile(r"acs:ram::(\d+):role/(\w+)", re.I)
    text = "x ACS:RAM::123:role/Admin, acs:ram::9:role/b"
    match, expected = lazy.search(text), real.search(text)
    assert match is not None and expected is not None
    assert match.groups() == expected.groups() == ("123", "Admin")
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("R", text) == real.sub("R", text)
    assert lazy.split(text) == real.split(text)
    assert lazy.fullmatch("acs:ram::1:role/a") is not None
    assert lazy.flags == real.flags and lazy.groups == 2
    assert lazy.pattern == real.pattern


def test_bytes_patterns_and_a_bad_pattern_fails_on_use() -> None:
    assert lazy_pattern(rb"<\w+").findall(b"<a><b>") == [b"<a", b"<b"]
    broken = lazy_pattern(r"(unclosed")
    try:
        broken.search("x")
    except re.error:
        pass
    else:
        raise AssertionError("a pattern that does not compile must raise on first use")


def test_copies_and_pickles_and_equality() -> None:
    lazy = lazy_pattern(r"a+", re.I)
    assert lazy == lazy_pattern(r"a+", re.I) and hash(lazy) == hash(lazy_pattern(r"a+", re.I))
    assert lazy != lazy_pattern(r"a+")
    for clone in (copy.deepcopy(lazy), pickle.loads(pickle.dumps(lazy))):
        assert clone == lazy and clone.match("AAA") is not None
    lazy.match("a")  # compiled now: the copies still work
    assert copy.copy(lazy).match("aa") is not None
