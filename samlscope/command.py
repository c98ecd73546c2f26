"""The `samlscope` command's entry point (pyproject's [project.scripts], `python -m
samlscope`): the CLI in a process of its own, started as cheaply as it can be.

argparse imports gettext to translate its own words ("usage:", "options"), and samlscope's
words are English; Python ships no translation of argparse's. Importing gettext cost more than
a login's analysis, so the command's process gives argparse a stand-in holding the two functions
it takes, and removes it at once: anything that imports gettext later gets the real module.
"""

from __future__ import annotations

import sys
from typing import NoReturn


def _same(message: str) -> str:
    return message


def _plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _argparse_without_gettext() -> None:
    if "argparse" in sys.modules or "gettext" in sys.modules:
        return
    from types import ModuleType

    stand_in = ModuleType("gettext", "argparse's gettext while samlscope starts (see command)")
    stand_in.gettext = _same  # type: ignore[attr-defined]
    stand_in.ngettext = _plural  # type: ignore[attr-defined]
    sys.modules["gettext"] = stand_in
    try:
        import argparse  # noqa: F401
    except ImportError:  # an argparse that wants more of gettext: the usual import
        sys.modules.pop("argparse", None)
    finally:
        if sys.modules.get("gettext") is stand_in:
            del sys.modules["gettext"]


def run() -> NoReturn:
    _argparse_without_gettext()
    from samlscope.cli import run as run_cli

    run_cli()
