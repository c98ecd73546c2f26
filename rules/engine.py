"""Finding, Severity and the Rule base class every rule module subclasses.

A rule is a class with a stable `code`, a kebab-case `name`, a default `severity`, a `fix`
sentence, and a docstring with four sections (What it checks / Why it breaks the login /
Example / How to fix) that `samlscope explain CODE` prints. `check(ctx)` yields findings and
never reads the clock, files or the network: everything comes in through the Context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from samlscope.record import Record

if TYPE_CHECKING:
    from samlscope.rules.context import Context


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


EMPTY: Mapping[str, object] = MappingProxyType({})
"""The evidence of a finding that records none (immutable: shared by every such finding)."""


class Finding(Record):
    code: str
    name: str
    severity: Severity
    message: str
    fix: str
    evidence: Mapping[str, object] = EMPTY


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    fix: ClassVar[str]
    family: ClassVar[str] = ""
    needs_message: ClassVar[bool] = True
    """Skip this rule when the input did not decode to a samlp:Response."""
    scope: ClassVar[str] = "login"
    """`login` (run by inspect on each SAML POST) or `config` (run by `samlscope check`)."""
    alibaba_only: ClassVar[bool] = False
    """Runs under the Alibaba profiles only (the ALI3xx rules, SIG108, SAML016)."""
    cloud: ClassVar[str | None] = None
    """Runs only under this cloud's profiles (`alibaba`, `aws`); a rule whose family folder is
    named after a cloud (`rules/aws/`), and an `alibaba_only` rule, is set so without saying
    it."""

    @classmethod
    def cloud_of(cls) -> str | None:
        """Asked by several rules on every login: worked out once per class (and family, which
        the registry sets)."""
        known = cls.__dict__.get("_cloud_of")
        if known is not None and known[0] == cls.family:
            cached: str | None = known[1]
            return cached
        cloud = cls.cloud
        if cloud is None and cls.alibaba_only:
            cloud = "alibaba"
        if cloud is None:
            from samlscope.facts import CLOUD_NAMES

            cloud = cls.family if cls.family in CLOUD_NAMES else None
        cls._cloud_of = (cls.family, cloud)
        return cloud

    _cloud_of: ClassVar[tuple[str, str | None] | None] = None
    late: ClassVar[bool] = False
    """Runs after every other rule, with their findings in `ctx.findings` (a rule that relates
    what the SP answered to the findings that explain it)."""

    def check(self, ctx: Context) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(
        self,
        message: str,
        *,
        evidence: Mapping[str, object] | None = None,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            fix=fix or self.fix,
            evidence=dict(evidence or {}),
        )

    @classmethod
    def doc(cls) -> str:
        import inspect  # only `samlscope explain` needs it; it is costly to import

        return inspect.cleandoc(cls.__doc__ or "")


@lru_cache(maxsize=16)
def _applicable(
    rules: tuple[Rule, ...], cloud: str | None, decoded: bool
) -> tuple[tuple[Rule, ...], frozenset[str]]:
    """The login rules that run for a profile's cloud and a decoded message or not, in the
    order they run (the late ones last), and the codes of the late ones: one cloud's rules
    never run on another cloud's login."""
    chosen = [
        rule
        for rule in rules
        if rule.scope == "login"
        and (decoded or not rule.needs_message)
        and rule.cloud_of() in (None, cloud)
    ]
    ordered = (*(r for r in chosen if not r.late), *(r for r in chosen if r.late))
    return ordered, frozenset(r.code for r in chosen if r.late)


class RuleFailed(RuntimeError):
    """A rule raised: a bug in samlscope, reported as such (exit code 3), never a traceback."""

    def __init__(self, code: str, error: BaseException) -> None:
        super().__init__(f"rule {code} failed: {type(error).__name__}: {error}")
        self.code = code


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Finding]:
    """Run every applicable rule (all of them, not only until the first failure)."""
    findings: list[Finding] = []
    ordered, late = _applicable(tuple(rules), ctx.profile.cloud, ctx.message is not None)
    for rule in ordered:
        if rule.late:
            ctx.findings = tuple(findings)
        try:
            for finding in rule.check(ctx):
                findings.append(finding._replace(fix=ctx.wording.fill(finding.fix)))
        except Exception as e:
            raise RuleFailed(rule.code, e) from e
    # The SP's answer (a late rule) comes after the findings that explain it.
    findings.sort(key=lambda f: (f.severity.rank, f.code in late, f.code))
    return findings
