"""Views of `samlscope diff`: the differences that matter, as a rich table and as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table

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
    if d.differences:
        table = Table(title="what differs", title_justify="left", show_lines=True)
        table.add_column("field", no_wrap=True, style="bold")
        table.add_column("A", overflow="fold")
        table.add_column("B", overflow="fold")
        for x in d.differences:
            table.add_row(text(x.field), _lines(x.a), _lines(x.b))
        parts.append(table)
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
    console.print(Group(*parts))
