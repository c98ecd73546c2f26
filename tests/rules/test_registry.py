"""Every rule: a unique stable code, its documentation, and a failing and a passing sample."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import INTL_ACS, METADATA, ROOT, SAMPLE_AT, SAMPLES, run_cli
from samlscope.rules.engine import Severity
from samlscope.rules.registry import all_rules

CN_ACS = "https://signin.aliyun.com/saml-role/sso"

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
    "SAML020": ("undecryptable-assertion", "error"),
    "SIG101": ("unsigned", "error"),
    "SIG102": ("signature-invalid", "error"),
    "SIG103": ("signature-wrapping", "error"),
    "SIG104": ("untrusted-certificate", "error"),
    "SIG105": ("weak-algorithm", "warning"),
    "SIG106": ("certificate-expired", "error"),
    "SIG107": ("no-trust-anchor", "info"),
    "SIG108": ("assertion-not-signed", "error"),
    "CFG401": ("ram-idp-metadata-stale", "error"),
    "CFG402": ("idp-certificate-expiring", "error"),
    "CFG403": ("role-trust-mismatch", "error"),
    "CFG404": ("app-role-value-invalid", "error"),
    "CFG405": ("role-not-found", "error"),
    "CFG406": ("session-duration-exceeds-max", "warning"),
    "CFG407": ("idp-entity-id-mismatch", "error"),
    "CFG408": ("trust-audience-unsatisfiable", "error"),
    "CFG409": ("user-sso-disabled", "error"),
    "CFG410": ("name-id-domain-mismatch", "error"),
    "CFG411": ("ram-user-not-found", "error"),
    "CFG412": ("cloudsso-sp-mismatch", "error"),
    "CFG413": ("cloudsso-sso-disabled", "error"),
    "CFG414": ("signed-requests-required", "error"),
    "CFG415": ("token-encryption-active", "warning"),
    "CFG416": ("assignment-not-required", "warning"),
    "CFG417": ("signing-key-not-held", "error"),
}


def test_codes_are_unique() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_matches_the_contract_and_its_module(rule) -> None:  # type: ignore[no-untyped-def]
    if rule.code in CONTRACT:
        assert (rule.name, rule.severity.value) == CONTRACT[rule.code]
    assert re.fullmatch(r"(SAML|SIG|TIME|ALI|AWS|CFG|IDP)\d{3}", rule.code)
    assert (rule.scope == "config") == rule.code.startswith("CFG")
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


def _options(rule_code: str, kind: str) -> dict[str, object]:
    options_file = SAMPLES / "rules" / rule_code / "options.json"
    return json.loads(options_file.read_text()).get(kind, {}) if options_file.exists() else {}


def _config_sample(rule_code: str, kind: str) -> tuple[list[str], Any]:
    """A configuration rule's sample is a folder of files for `samlscope check`."""
    folder = SAMPLES / "rules" / rule_code / kind
    files = sorted(str(p) for p in folder.iterdir())
    assert files, f"{rule_code} has no {kind} sample in {folder}"
    at = str(_options(rule_code, kind).get("at", SAMPLE_AT))
    result = run_cli("check", "--json", "--at", at, *files)
    assert result.code in (0, 1), result.stderr
    return [f["code"] for f in result.json["findings"]], result


def _args(options: dict[str, object]) -> list[str]:
    """Sample options (options.json) as CLI flags; defaults: --at SAMPLE_AT, sample metadata."""
    args = ["--at", str(options.get("at", SAMPLE_AT))]
    args += ["--endpoint", str(options.get("endpoint", INTL_ACS))]
    trust = options.get("trust", str(METADATA))
    if trust is not None:
        args += ["--idp-metadata", str(ROOT / str(trust))]
    if "sp_key" in options:
        args += ["--sp-key", str(ROOT / str(options["sp_key"]))]
    if "relay_state" in options:
        args += ["--relay-state", str(options["relay_state"])]
    return args


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("kind", ["fail", "pass"])
def test_rule_sample(rule, kind: str) -> None:  # type: ignore[no-untyped-def]
    if rule.scope == "config":
        codes, result = _config_sample(rule.code, kind)
        options = _options(rule.code, kind)
    else:
        path, options = _sample(rule.code, kind)
        result = run_cli("inspect", "--json", *_args(options), str(path))
        assert result.code in (0, 1), result.stderr
        codes = result.codes
    if kind == "fail":
        assert rule.code in codes, codes
        companions = set(options.get("also", []))  # type: ignore[call-overload]
        assert set(codes) <= {rule.code} | companions, codes
        if rule.severity is Severity.ERROR:
            assert result.code == 1
    else:
        assert rule.code not in codes, codes


@pytest.mark.parametrize(
    "sample,endpoint",
    [
        ("valid.b64", INTL_ACS),
        ("valid.form", INTL_ACS),
        ("valid-cn.b64", CN_ACS),
        ("both-signed.b64", INTL_ACS),
    ],
)
def test_correct_entra_response_raises_no_error_or_warning(sample: str, endpoint: str) -> None:
    result = run_cli(
        "inspect",
        "--json",
        "--at",
        SAMPLE_AT,
        "--endpoint",
        endpoint,
        "--idp-metadata",
        str(METADATA),
        str(SAMPLES / "entra" / sample),
    )
    assert result.report["findings"] == [] and result.code == 0


def test_the_registry_lists_exactly_the_rule_modules_in_the_folders() -> None:
    """Adding a rule is one module plus one registry line: this says which is missing."""
    from samlscope.rules.registry import RULES

    rules_dir = ROOT / "rules"
    on_disk = {
        (folder.name, path.stem)
        for folder in rules_dir.iterdir()
        if folder.is_dir() and (folder / "__init__.py").exists()
        for path in folder.glob("*.py")
        if not path.name.startswith("_") and re.match(r"[a-z]+\d{3}_", path.name)
    }
    listed = {(family, module) for family, module, _ in RULES}
    assert not on_disk - listed, f"rule modules missing from rules/registry.py: {on_disk - listed}"
    assert not listed - on_disk, f"registry lines without a module: {listed - on_disk}"


def test_inspect_never_imports_the_configuration_rules() -> None:
    import subprocess

    code = (
        "import sys; from samlscope.rules.registry import all_rules; all_rules('login');"
        "print(any(m.startswith('samlscope.rules.config') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_a_login_imports_only_its_own_clouds_rules() -> None:
    """An Alibaba login never imports the AWS or CloudSSO rules, an AWS login never the
    Alibaba ones; a run of both clouds' logins runs each cloud's rules on its own logins."""
    import subprocess

    from helpers import SAMPLES

    probe = (
        "import io, sys\n"
        "from samlscope.cli import main\n"
        "main(['inspect', '--json', *sys.argv[1:]], stdout=io.StringIO())\n"
        "families = sorted({m.split('.')[2] for m in sys.modules\n"
        "                   if m.startswith('samlscope.rules.') and m.count('.') == 3})\n"
        "print(' '.join(families))\n"
    )
    alibaba = str(SAMPLES / "rules" / "ALI303" / "fail.b64")
    aws = str(SAMPLES / "rules" / "AWS303" / "fail.b64")

    def families(*paths: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, *paths], capture_output=True, text=True, timeout=60
        )
        return done.stdout.strip()

    assert families(alibaba) == "alibaba core idp protocol signature time"
    assert families(aws) == "aws core idp protocol signature time"
    assert families(alibaba, aws) == "alibaba aws core idp protocol signature time"
