"""Every rule: a unique stable code, its documentation, and a failing and a passing sample."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from helpers import METADATA, SAMPLES, inspect_json
from samlscope.rules.engine import Severity
from samlscope.rules.registry import all_rules

RULES = all_rules()
SECTIONS = ("## What it checks", "## Why it breaks the login", "## Example", "## How to fix")
# DESIGN.md's table: code → (name, severity). Codes are a contract: never renamed or reused.
CONTRACT = {
    "SAML001": ("undecodable", "error"),
    "SAML002": ("unsafe-xml", "error"),
    "SAML003": ("not-a-response", "error"),
    "SAML004": ("oversized", "warning"),
    "SAML017": ("multiple-assertions", "error"),
    "SAML019": ("xml-comment-in-value", "error"),
    "SIG101": ("unsigned", "error"),
    "SIG102": ("signature-invalid", "error"),
    "SIG103": ("signature-wrapping", "error"),
    "SIG104": ("untrusted-certificate", "error"),
    "SIG105": ("weak-algorithm", "warning"),
    "SIG106": ("certificate-expired", "error"),
    "SIG107": ("no-trust-anchor", "info"),
    "SIG108": ("assertion-not-signed", "error"),
}


def test_codes_are_unique() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_matches_the_contract_and_its_module(rule) -> None:  # type: ignore[no-untyped-def]
    if rule.code in CONTRACT:
        assert (rule.name, rule.severity.value) == CONTRACT[rule.code]
    assert re.fullmatch(r"(SAML|SIG|TIME|ALI)\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    module = Path(sys.modules[type(rule).__module__].__file__ or "").stem
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"
    doc = rule.doc()
    assert doc.splitlines()[0] == f"{rule.code} {rule.name}"
    for section in SECTIONS:
        assert section in doc, f"{rule.code} lacks {section}"
    assert rule.fix and isinstance(rule.severity, Severity)


def test_every_contract_code_is_implemented() -> None:
    assert set(CONTRACT) <= {r.code for r in RULES}


def _sample(rule_code: str, kind: str) -> tuple[Path, dict[str, object]]:
    folder = SAMPLES / "rules" / rule_code
    files = sorted(p for p in folder.glob(f"{kind}.*") if p.suffix != ".json")
    assert files, f"{rule_code} has no {kind} sample in {folder}"
    options_file = folder / "options.json"
    options = json.loads(options_file.read_text()).get(kind, {}) if options_file.exists() else {}
    return files[0], options


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("kind", ["fail", "pass"])
def test_rule_sample(rule, kind: str) -> None:  # type: ignore[no-untyped-def]
    path, options = _sample(rule.code, kind)
    trust = options.get("trust", str(METADATA))
    result = inspect_json(
        path,
        "--endpoint",
        "https://signin.alibabacloud.com/saml-role/sso",
        trust=trust if trust is None else str(Path(__file__).parents[2] / str(trust)),
    )
    assert result.code in (0, 1), result.stderr
    codes = result.codes
    if kind == "fail":
        assert codes.count(rule.code) >= 1, codes
        assert result.code == (1 if rule.severity is Severity.ERROR else result.code)
    else:
        assert rule.code not in codes
