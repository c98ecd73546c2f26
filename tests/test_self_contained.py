"""Everything a user reads stands on its own: the README, docs/, `samlscope explain`, and every
message and fix cite public sources, never files outside the repository or internal markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE_AT, SAMPLES, run_cli
from samlscope.rules.registry import all_rules

FORBIDDEN = re.compile(
    r"FACTS\.md|DESIGN\.md|MITMPROXY\.md|STYLE\.md|ANCHORS\.md|\.\./shared|\[GAP\]|"
    r"\[INFERENCE\]|\[CONFLICT\]|\bMS-[A-Z]{3,}\b|\bALI-[A-Z]{3,}\b|SAML-(PROF|BIND|CORE)\b"
)


@pytest.mark.parametrize(
    "path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name
)
def test_documents(path: Path) -> None:
    found = FORBIDDEN.findall(path.read_text())
    assert not found, found


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_explain(rule) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("explain", rule.code).stdout
    assert not FORBIDDEN.search(out), FORBIDDEN.search(out)
    assert not FORBIDDEN.search(rule.fix)


SAMPLE_FILES = sorted(
    p for p in (SAMPLES / "rules").glob("*/*") if p.suffix in (".b64", ".form", ".xml")
)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_messages_and_fixes(path: Path) -> None:
    for profile in ("auto", "generic"):
        result = run_cli("inspect", "--json", "--at", SAMPLE_AT, "--profile", profile, str(path))
        for report in result.json["reports"]:
            for f in report["findings"]:
                assert not FORBIDDEN.search(f["message"] + f["fix"]), f
