"""`--profile generic` is generic, and fixes speak the recognised IdP's language: no message or
fix under generic names Alibaba Cloud or the RAM console, the Alibaba-only rules do not run,
Entra's words appear only when the issuer is Entra, and an unchecked audience is said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import SAMPLE_AT, SAMPLES, generator, inspect_xml, run_cli
from samlscope.rules.wording import recognise

ALIBABA_ONLY = {"SIG108", "SAML016"}
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
SAMPLE_FILES = sorted(
    p for p in (SAMPLES / "rules").glob("*/*") if p.suffix in (".b64", ".form", ".xml")
) + sorted((SAMPLES / "entra").glob("*.b64"))


def inspect(path: Path, *extra: str) -> list[dict[str, object]]:
    args = ["inspect", "--json", "--at", SAMPLE_AT, *extra, str(path)]
    return run_cli(*args).json["reports"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_generic_names_no_alibaba(path: Path) -> None:
    for report in inspect(path, "--profile", "generic", "--sp-entity-id", "urn:sp"):
        for f in report["findings"]:  # type: ignore[attr-defined]
            # Values quoted from the message (a StatusMessage may name the app) are data.
            text = QUOTED.sub("", f"{f['message']} {f['fix']}")
            assert "Alibaba" not in text and "RAM " not in text, (f["code"], text)
            assert not f["code"].startswith("ALI") and f["code"] not in ALIBABA_ONLY


def _with_issuer(issuer: str, tmp_path: Path, **kw: object) -> Path:
    g = generator()
    root = g.response(issuer=issuer, **kw)
    root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer").text = issuer
    g.sign(g.assertion_of(root), sha1=True)
    path = tmp_path / "okta.b64"
    path.write_text(g.b64(g.xml_bytes(root)))
    return path


@pytest.mark.parametrize("profile", ["generic", "alibaba-intl"])
def test_entra_words_only_for_entra(tmp_path: Path, profile: str) -> None:
    path = _with_issuer("http://www.okta.com/exk1a2b3c4d5e6f7g8h9", tmp_path)
    reports = inspect(path, "--profile", profile, "--sp-entity-id", "urn:other")
    findings = reports[0]["findings"]  # type: ignore[index]
    assert findings
    for f in findings:  # type: ignore[attr-defined]
        assert "Entra" not in f"{f['message']} {f['fix']}", f
    sha1 = next(f for f in findings if f["code"] == "SIG105")  # type: ignore[attr-defined]
    assert "Okta Admin Console" in sha1["fix"]


def test_entra_issuer_gets_entra_console_words() -> None:
    report = inspect(SAMPLES / "entra" / "sha1.b64")[0]
    sha1 = next(f for f in report["findings"] if f["code"] == "SIG105")  # type: ignore[attr-defined]
    assert "Entra admin center" in sha1["fix"] and "Signing Algorithm" in sha1["fix"]


def test_generic_without_an_entity_id_says_the_audience_was_not_checked() -> None:
    report = inspect(SAMPLES / "entra" / "valid.b64", "--profile", "generic")[0]
    audience = [f for f in report["findings"] if f["code"] == "SAML013"]  # type: ignore[attr-defined]
    assert audience and audience[0]["severity"] == "info"
    assert "not checked" in audience[0]["message"] and "--sp-entity-id" in audience[0]["message"]
    right = inspect(
        SAMPLES / "entra" / "valid.b64",
        "--profile",
        "generic",
        "--sp-entity-id",
        "urn:alibaba:cloudcomputing:international",
    )[0]
    assert not [f for f in right["findings"] if f["code"] == "SAML013"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("issuer", "name"),
    [
        ("https://sts.windows.net/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/", "Microsoft Entra ID"),
        ("https://login.microsoftonline.com/8c2a7d1e/v2.0", "Microsoft Entra ID"),
        ("http://adfs.contoso.com/adfs/services/trust", "AD FS"),
        ("http://www.okta.com/exk1a2b3c4d5e6f7g8h9", "Okta"),
        ("https://accounts.google.com/o/saml2?idpid=C01abc", "Google Workspace"),
        ("https://sso.example.com/realms/corp", "Keycloak"),
        ("https://app.onelogin.com/saml/metadata/123456", "OneLogin"),
        ("https://auth.pingone.com/abc/saml20/idp", "PingFederate"),
        ("urn:dev-abc123.us.auth0.com", "Auth0"),
        ("https://idp.example.edu/idp/shibboleth", "Shibboleth IdP"),
        ("https://idp.example.org/saml", "the IdP"),
    ],
)
def test_the_idp_is_recognised_from_its_issuer(issuer: str, name: str) -> None:
    assert recognise(issuer).name == name


def test_saml013_names_the_site_of_the_audience_it_got() -> None:
    intl_on_cn = generator()
    for audience, site, acs in (
        ("urn:alibaba:cloudcomputing:international", "international", intl_on_cn.CN_ACS),
        ("urn:alibaba:cloudcomputing", "China", intl_on_cn.INTL_ACS),
    ):
        root = intl_on_cn.signed(audience=audience, acs=acs)
        result = inspect_xml(intl_on_cn.xml_bytes(root))
        message = next(f["message"] for f in result.report["findings"] if f["code"] == "SAML013")
        assert f"the {site} site's" in message, message
