"""Views of `samlscope diff`: the differences that matter, as a rich table and as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console, RenderableType

from samlscope import __version__
from samlscope.diff import DiffReport
from samlscope.view.json_report import finding_dict
from samlscope.view.sanitize import text
from samlscope.view.terminal import SEVERITY_STYLE


def diff_dict(d: DiffReport) -> dict[str, Any]:
    return {
        "tool": {"name": "samlscope", "version": __version__},
        "a": {"source": d.a.capture.source, "verdict": d.a.verdict},
        "b": {"source": d.b.capture.source, "verdict": d.b.verdict},
        "differences": [{"field": x.field, "a": x.a, "b": x.b} for x in d.differences],
        "findings": {
            "only_a": [finding_dict(f) for f in d.only_a],
            "only_b": [finding_dict(f) for f in d.only_b],
        },
        "b_has_new_errors": d.regressed,
    }


def _lines(value: str) -> Any:
    out = text("")
    for n, line in enumerate(value.split("\n")):
        if n:
            out.append("\n")
        out.append_text(text(line))
    return out


def render_diff(d: DiffReport, console: Console) -> None:
    parts: list[RenderableType] = [
        text(f"A  {d.a.capture.source}: {d.a.verdict}", "bold"),
        text(f"B  {d.b.capture.source}: {d.b.verdict}", "bold"),
    ]
    if d.differences:  # as lines, never a table: no value is broken at any width
        parts.append(text("what differs", "bold underline"))
        for x in d.differences:
            parts.append(text(f"  {x.field}", "bold"))
            for side, value in (("A", x.a), ("B", x.b)):
                for n, piece in enumerate(value.split("\n")):
                    parts.append(text(f"    {side}: {piece}" if n == 0 else f"       {piece}"))
    else:
        parts.append(text("no difference that matters (IDs, instants, signatures aside)"))
    for label, findings in (("only in A", d.only_a), ("only in B", d.only_b)):
        for f in findings:
            line = text(
                f"{label}: {f.severity.value.upper()} {f.code} ", SEVERITY_STYLE[f.severity]
            )
            line.append_text(text(f"{f.name}: {f.message}"))
            parts.append(line)
    verdict = (
        text("✘ B has errors A does not have", "bold red")
        if d.regressed
        else text("✔ B has no error that A lacks", "bold green")
    )
    parts.append(verdict)
    for part in parts:
        console.print(part, soft_wrap=True)
