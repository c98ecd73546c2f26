"""What every "the SP refused the login" rule (ALI311, AWS314, ALI316) shares: which of this
login's findings explain the SP's answer, and the words that say so.

Those rules run late (Rule.late): by then ctx.findings holds every other rule's findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samlscope.rules.context import Context


def explaining(ctx: Context, codes: Iterable[str]) -> list[str]:
    """The codes of this login's findings among `codes` (those that explain the answer), each
    once, in the order the findings came."""
    wanted = set(codes)
    return list(dict.fromkeys(f.code for f in ctx.findings if f.code in wanted))


def explained_by(explained: list[str]) -> str:
    """The sentence that names them (the findings' order on the page varies with severity)."""
    return f" Explained by {', '.join(explained)}."


def apply_their_fix(explained: list[str]) -> str:
    return "Apply the fix of " + ", ".join(explained) + "."
