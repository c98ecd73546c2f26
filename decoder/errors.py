"""The decoder's few exceptions. The analysis turns them into findings, never into tracebacks."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Problem(StrEnum):
    """Why a SAMLResponse could not be analysed. Each value maps to one rule code."""

    UNDECODABLE = "SAML001"
    UNSAFE_XML = "SAML002"
    NOT_A_RESPONSE = "SAML003"


class DecodeError(ValueError):
    """The input is not a SAMLResponse we can analyse; `problem` says which kind of failure."""

    def __init__(
        self,
        problem: Problem,
        message: str,
        *,
        fix: str | None = None,
        evidence: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.fix = fix
        """A fix for this cause, when it differs from the rule's own (a complete document that
        breaks the XML rules is fixed at the IdP, not by capturing it again)."""
        self.evidence: Mapping[str, object] = evidence or {}


class InputError(ValueError):
    """A file or flag the user gave cannot be used (exit code 2, not a finding)."""


def reader_error(error: BaseException) -> str:
    """A capture reader's failure in words, for a note (never a traceback)."""
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    if isinstance(error, MemoryError):
        return "too large to read"
    if isinstance(error, KeyError):
        return f"no {str(error)[:80]} field"
    text = str(error)[:200] or "unreadable"
    return f"{type(error).__name__}: {text}"
