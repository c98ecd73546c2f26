"""The layering, enforced over every import (those inside functions too; annotation-only
imports under TYPE_CHECKING do not count):

    ground (record, cache, urlparts, lazyre) ← facts ← decoder ← rules ← analysis
        ← views / addon / CLI

- facts imports only the standard library, the ground floor and itself (no lxml, xmlsec, rich);
- the decoder never imports rules, views, the addon or the application;
- rules never import views, the addon or the application (report, outcome, analysis, CLI);
- no rule family imports another family (shared rule code sits below them, in rules/);
- views never import a rule family's module;
- no code outside facts branches on a cloud's name.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from samlscope.rules.registry import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "facts": "samlscope.facts",
    "decoder": "samlscope.decoder",
    "rules": "samlscope.rules",
    "view": "samlscope.view",
    "addon": "samlscope.addon",
    "samlscope": "samlscope",
}
GROUND = ("samlscope.record", "samlscope.cache", "samlscope.urlparts", "samlscope.lazyre")
APPLICATION = tuple(
    f"samlscope.{p.stem}"
    for p in (ROOT / "samlscope").glob("*.py")
    if f"samlscope.{p.stem}" not in GROUND and p.stem not in ("__init__", "__main__")
)
CLOUD_BRANCH = re.compile(
    r'== "(alibaba|aws)[^"]*"|!= "(alibaba|aws)[^"]*"|startswith\("(alibaba|aws)'
    r'|"alibaba-(intl|cn)"|"Alibaba Cloud" if|"AWS" if'
)


def _modules() -> Iterator[tuple[Path, str]]:
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts]
            parts = [p for p in parts if p != "__init__"]
            yield path, ".".join([package, *parts])


def _imports(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    annotation_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            annotation_only.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in annotation_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


MODULES = list(_modules())
EDGES = [(module, imported, path) for path, module in MODULES for imported in _imports(path)]


def _layer(module: str) -> str:
    if module.startswith(GROUND):
        return "ground"
    for folder, package in FOLDERS.items():
        if folder != "samlscope" and (module == package or module.startswith(package + ".")):
            return folder
    return "application"


def _in(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_the_walk_sees_the_code() -> None:
    assert len(MODULES) > 150 and len(EDGES) > 500
    assert {_layer(m) for _, m in MODULES} >= {"facts", "decoder", "rules", "view", "addon"}


def test_facts_import_only_the_standard_library_and_the_ground_floor() -> None:
    stdlib = sys.stdlib_module_names
    bad = [
        (m, i)
        for m, i, _ in EDGES
        if _layer(m) == "facts"
        and not _in(i, "samlscope.facts", *GROUND)
        and i.split(".")[0] not in stdlib
        and i != "__future__"
    ]
    assert not bad, bad


@pytest.mark.parametrize(
    "layer,forbidden",
    [
        ("ground", ("samlscope.facts", "samlscope.decoder", "samlscope.rules", "samlscope.view")),
        ("facts", ("samlscope.decoder", "samlscope.rules", "samlscope.view", "samlscope.addon")),
        ("decoder", ("samlscope.rules", "samlscope.view", "samlscope.addon", *APPLICATION)),
        ("rules", ("samlscope.view", "samlscope.addon", *APPLICATION)),
    ],
)
def test_no_layer_imports_one_above_it(layer: str, forbidden: tuple[str, ...]) -> None:
    bad = [(m, i) for m, i, _ in EDGES if _layer(m) == layer and _in(i, *forbidden)]
    assert not bad, bad


def test_no_rule_family_imports_another() -> None:
    bad = []
    for module, imported, _ in EDGES:
        mine = module.split(".")
        theirs = imported.split(".")
        both_rules = mine[:2] == theirs[:2] == ["samlscope", "rules"]
        families = len(mine) > 3 and len(theirs) > 3 and {mine[2], theirs[2]} <= set(FAMILIES)
        if both_rules and families and mine[2] != theirs[2]:
            bad.append((module, imported))
    assert not bad, bad


def test_views_never_import_a_rule_family() -> None:
    families = tuple(f"samlscope.rules.{f}" for f in FAMILIES)
    bad = [(m, i) for m, i, _ in EDGES if _layer(m) == "view" and _in(i, *families)]
    assert not bad, bad


def test_no_code_outside_facts_branches_on_a_cloud_name() -> None:
    bad = []
    for path, module in MODULES:
        if _layer(module) == "facts":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CLOUD_BRANCH.search(line):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bad, "\n".join(bad)


def test_facts_import_no_heavy_package_at_run_time() -> None:
    import subprocess

    code = (
        "import sys, samlscope.facts, samlscope.facts.roles, samlscope.facts.idps, "
        "samlscope.facts.entra_codes, samlscope.facts.alibaba_sts; "
        "print(sorted(m for m in ('lxml', 'xmlsec', 'rich', 'mitmproxy', 'cryptography') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
