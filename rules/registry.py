"""All rules, found by module: adding a rule is adding one module to a family package.

A rule module is named `<code>_<snake_name>.py` (e.g. `sig101_unsigned.py`) and defines one
Rule subclass. tests/rules/test_registry.py checks codes are unique, names match modules, and
every rule has its documentation sections and samples.
"""

from __future__ import annotations

import importlib
import os
from functools import cache

from samlscope.rules.engine import Rule

FAMILIES = ("core", "protocol", "signature", "time", "alibaba", "config")


@cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for family in FAMILIES:
        package = importlib.import_module(f"samlscope.rules.{family}")
        names = sorted(
            entry.name[:-3]
            for folder in package.__path__
            for entry in os.scandir(folder)
            if entry.name.endswith(".py") and not entry.name.startswith("_")
        )
        for name in names:
            module = importlib.import_module(f"{package.__name__}.{name}")
            for obj in vars(module).values():
                if (
                    isinstance(obj, type)
                    and issubclass(obj, Rule)
                    and obj is not Rule
                    and obj.__module__ == module.__name__
                    and "code" in vars(obj)
                ):
                    obj.family = family
                    rules.append(obj())
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    code = code.strip().upper()
    return next((r for r in all_rules() if r.code == code), None)
