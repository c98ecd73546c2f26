"""Every fix in the words of the IdP that issued the login: each rule's failing sample, issued
by Okta, AD FS, Google Workspace, Keycloak, OneLogin, JumpCloud, PingFederate or an unknown
IdP instead of Entra, gets no message or fix that names Entra (values quoted from the response
aside), and the claim fixes name the attribute the way that IdP's console does."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from helpers import INTL_ACS, SAMPLE_AT, SAMPLES, generator, run_cli, write_file

G = generator()
ENTRA_ISSUER = G.ISSUER
ISSUERS = {
    "okta": "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
    "adfs": "http://adfs.contoso.example/adfs/services/trust",
    "google": "https://accounts.google.com/o/saml2?idpid=C01abcdef",
    "keycloak": "https://sso.contoso.example/realms/corp",
    "onelogin": "https://app.onelogin.com/saml/metadata/4f6c1a2b",
    "jumpcloud": "JumpCloud",
    "pingfederate": "https://sso.contoso.example/pingfederate",
    "unknown": "urn:example:idp",
}
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
ENTRA_WORDS = ("Entra", "My Apps", "Attributes & Claims", "App registrations", "user.assignedroles")
FAILS = sorted(
    p
    for p in (SAMPLES / "rules").glob("*/fail.*")
    if p.suffix in (".b64", ".form") and not p.parent.name.startswith("CFG")
)


def _reissued(path: Path, issuer: str, folder: Path) -> Path | None:
    """The sample with every Issuer replaced (its signature then no longer verifies: the
    wording is what is tested, and the signature findings are worded too)."""
    text = path.read_text()
    if path.suffix == ".form":
        from urllib.parse import parse_qsl, quote

        fields = parse_qsl(text.strip())
        value = dict(fields).get("SAMLResponse")
        if value is None:
            return None
        xml = base64.b64decode(value)
        fields = [
            (k, base64.b64encode(xml.replace(ENTRA_ISSUER.encode(), issuer.encode())).decode())
            if k == "SAMLResponse"
            else (k, v)
            for k, v in fields
        ]
        body = "&".join(f"{k}={quote(v, safe='')}" for k, v in fields)
        return write_file(folder, path.parent.name + ".form", body)
    try:
        xml = base64.b64decode("".join(text.split()))
    except ValueError:
        return None
    if ENTRA_ISSUER.encode() not in xml:
        return None
    changed = xml.replace(ENTRA_ISSUER.encode(), issuer.encode())
    if b"sts.windows.net" in changed:
        return None  # another Entra tenant's Issuer stays in it: Entra's words are right
    return write_file(folder, path.parent.name + ".b64", base64.b64encode(changed).decode())


@pytest.mark.parametrize("idp", sorted(ISSUERS))
def test_no_fix_speaks_entra_for_another_idp(idp: str, tmp_path: Path) -> None:
    checked = 0
    for path in FAILS:
        reissued = _reissued(path, ISSUERS[idp], tmp_path)
        if reissued is None:
            continue
        result = run_cli(
            "inspect", "--json", "--at", SAMPLE_AT, "--endpoint", INTL_ACS, str(reissued)
        )
        for report in result.json["reports"]:
            for finding in report["findings"]:
                text = QUOTED.sub("", f"{finding['message']} {finding['fix']}")
                for word in ENTRA_WORDS:
                    assert word not in text, (path.parent.name, finding["code"], text)
                checked += 1
    assert checked > 30


@pytest.mark.parametrize(
    ("idp", "words"),
    [
        (
            "okta",
            "Attribute Statement with Name 'https://www.aliyun.com/SAML-Role/Attributes/Role'",
        ),
        ("adfs", "Outgoing claim type is 'https://www.aliyun.com/SAML-Role/Attributes/Role'"),
        ("keycloak", "SAML Attribute Name 'https://www.aliyun.com/SAML-Role/Attributes/Role'"),
        ("unknown", "an attribute named 'https://www.aliyun.com/SAML-Role/Attributes/Role'"),
    ],
)
def test_the_missing_role_fix_names_the_attribute_as_the_idp_does(
    idp: str, words: str, tmp_path: Path
) -> None:
    path = _reissued(SAMPLES / "rules" / "ALI301" / "fail.b64", ISSUERS[idp], tmp_path)
    assert path is not None
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, "--endpoint", INTL_ACS, str(path))
    fix = next(f["fix"] for f in result.report["findings"] if f["code"] == "ALI301")
    assert words in fix and "acs:ram::<account ID>:role/" in fix, fix


def test_entra_keeps_its_own_words() -> None:
    path = SAMPLES / "rules" / "ALI301" / "fail.b64"
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, "--endpoint", INTL_ACS, str(path))
    fix = next(f["fix"] for f in result.report["findings"] if f["code"] == "ALI301")
    assert "Attributes & Claims" in fix and "Namespace 'https://www.aliyun.com/SAML-Role/" in fix
    assert "user.assignedroles" in fix
