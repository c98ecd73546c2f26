"""Alibaba Cloud user-based SSO: the NameID as the RAM user's logon name (ALI312), and
`samlscope check` with GetUserSsoSettings, GetDefaultDomain and the RAM users (CFG409-411)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import (
    SAMPLE_AT,
    SAMPLES,
    check_json,
    finding_codes,
    generator,
    inspect_json,
    write_file,
)
from samlscope.decoder.config import ConfigSet
from samlscope.decoder.config.alibaba import read_aliyun
from samlscope.decoder.errors import InputError

G = generator()
GOOD = SAMPLES / "rules" / "CFG409" / "pass"
USER_SSO = f"https://signin.aliyun.com/{G.ACCOUNT}/saml/SSO"


@pytest.mark.parametrize(
    ("name_id", "expected"),
    [
        ("alice@contoso.onaliyun.com", []),
        ("alice@contoso.com", [("ALI312", "info")]),
        # the auxiliary domain may be exactly this domain: not an error from the response alone
        ("alice@contoso.onmicrosoft.com", [("ALI312", "info")]),
        ("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b", [("ALI312", "error")]),
        ("alice", [("ALI312", "warning")]),
        ("Zhang San@contoso.onaliyun.com", [("ALI312", "error")]),
        ("a" * 65 + "@contoso.onaliyun.com", [("ALI312", "error")]),
    ],
)
def test_the_name_id_is_read_as_a_ram_logon_name(
    tmp_path: Path, name_id: str, expected: list[tuple[str, str]]
) -> None:
    path = write_file(tmp_path, "r.b64", G.user_sso(name_id))
    for extra in ((), ("--endpoint", USER_SSO)):
        report = inspect_json(path, "--at", SAMPLE_AT, *extra).report
        assert [(f["code"], f["severity"]) for f in report["findings"]] == expected


def test_a_pasted_user_sso_response_is_judged_as_one(tmp_path: Path) -> None:
    """No endpoint given: its user-SSO Destination stands for it; the report still says the
    endpoint is unknown, and no role-SSO rule runs."""
    report = inspect_json(SAMPLES / "user-sso" / "valid.b64", "--at", SAMPLE_AT).report
    assert report["findings"] == [] and report["endpoint"] is None
    role_shaped = inspect_json(
        SAMPLES / "entra" / "valid.b64", "--at", SAMPLE_AT, "--endpoint", USER_SSO
    ).report
    assert "ALI310" in [f["code"] for f in role_shaped["findings"]]
    assert "ALI312" not in [f["code"] for f in role_shaped["findings"]]


def user_set(tmp_path: Path, **replace: str | bytes) -> list[Path]:
    files: dict[str, str | bytes] = {p.name: p.read_bytes() for p in sorted(GOOD.iterdir())}
    files.update(replace)
    return [write_file(tmp_path, name, content) for name, content in files.items()]


def codes_of(tmp_path: Path, **replace: str | bytes) -> list[str]:
    return finding_codes(check_json(*user_set(tmp_path, **replace)))


def test_the_consistent_user_sso_set(tmp_path: Path) -> None:
    doc = check_json(*user_set(tmp_path))
    assert finding_codes(doc) == [] and not any(r["findings"] for r in doc["logins"])
    kinds = [k["kind"] for k in doc["inputs"]]
    assert "ram-user-sso-settings" in kinds and "ram-user-list" in kinds


def test_sso_off_or_without_metadata(tmp_path: Path) -> None:
    off = G.get_user_sso_settings(G.metadata(["test-idp-cert.pem"]), enabled=False)
    assert codes_of(tmp_path, **{"user-sso.json": off}) == ["CFG409"]
    empty = G.get_user_sso_settings(b"")
    assert codes_of(tmp_path, **{"user-sso.json": empty}) == ["CFG409"]


def test_login_with_domain_both_ways(tmp_path: Path) -> None:
    idp = G.metadata(["test-idp-cert.pem"])
    without = G.get_user_sso_settings(idp, with_domain=False)
    assert codes_of(tmp_path, **{"user-sso.json": without}) == ["CFG410"]
    bare = G.user_sso("alice")
    assert codes_of(tmp_path, **{"login.b64": bare}) == ["CFG410"]
    assert codes_of(tmp_path, **{"login.b64": bare, "user-sso.json": without}) == []


def test_the_auxiliary_domain_and_the_domain_alias(tmp_path: Path) -> None:
    idp = G.metadata(["test-idp-cert.pem"])
    aux = G.get_user_sso_settings(idp, aux="contoso.cn")
    login = G.user_sso("alice@contoso.cn")
    assert codes_of(tmp_path, **{"user-sso.json": aux, "login.b64": login}) == []
    with_alias = G.list_users("alice@contoso.com", "carol@contoso.onaliyun.com")
    doc = check_json(
        *user_set(tmp_path, **{"user-sso.json": aux, "login.b64": login, "users.json": with_alias})
    )
    found = [f for f in doc["findings"] if f["code"] == "CFG410"]
    assert len(found) == 1 and "once a domain alias exists" in found[0]["message"]
    # the alias itself signs in
    alias_login = G.user_sso("alice@contoso.com")
    assert codes_of(tmp_path, **{"login.b64": alias_login, "users.json": with_alias}) == []


def test_the_usual_entra_mistake_is_named(tmp_path: Path) -> None:
    doc = check_json(*user_set(tmp_path, **{"login.b64": G.user_sso("alice@contoso.com")}))
    (found,) = [f for f in doc["findings"] if f["code"] == "CFG410"]
    assert "alice@contoso.onaliyun.com" in found["message"]
    assert "Unique User Identifier" in found["fix"]


def test_a_user_ram_does_not_have(tmp_path: Path) -> None:
    doc = check_json(*user_set(tmp_path, **{"login.b64": G.user_sso("bob@contoso.onaliyun.com")}))
    assert [(f["code"], f["severity"]) for f in doc["findings"]] == [("CFG411", "error")]
    truncated = json.loads(G.list_users())
    truncated["IsTruncated"] = True
    doc = check_json(
        *user_set(
            tmp_path,
            **{
                "login.b64": G.user_sso("bob@contoso.onaliyun.com"),
                "users.json": json.dumps(truncated),
            },
        )
    )
    assert [(f["code"], f["severity"]) for f in doc["findings"]] == [("CFG411", "warning")]
    # `aliyun ram GetUser` (no UserPrincipalName) names the user too
    ram_user = json.dumps({"RequestId": "x", "User": {"UserName": "bob", "UserId": "1"}})
    files = user_set(tmp_path, **{"login.b64": G.user_sso("bob@contoso.onaliyun.com")})
    files.append(write_file(tmp_path, "bob.json", ram_user))
    assert finding_codes(check_json(*files)) == []


def test_stale_user_sso_metadata_names_its_console(tmp_path: Path) -> None:
    stale = G.get_user_sso_settings(G.metadata(["test-idp-cert-expired.pem"]))
    doc = check_json(*user_set(tmp_path, **{"user-sso.json": stale}))
    found = [f for f in doc["findings"] if f["code"] == "CFG401"]
    assert found and "User-based SSO" in found[0]["fix"]
    assert "'user-based SSO'" in found[0]["message"]


_VALUES = st.none() | st.booleans() | st.integers() | st.text(max_size=30)
_KEYS = st.sampled_from(
    [
        "UserSsoSettings",
        "SsoEnabled",
        "SsoLoginWithDomain",
        "AuxiliaryDomain",
        "MetadataDocument",
        "User",
        "Users",
        "UserName",
        "UserPrincipalName",
        "IsTruncated",
        "DefaultDomainName",
        "Arn",
    ]
)
_JSON = st.recursive(
    _VALUES,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(_KEYS, c, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_the_user_sso_readers_never_fail_but_with_an_input_error(doc: Any) -> None:
    for shape in (doc, {"UserSsoSettings": doc}, {"Users": {"User": [doc]}}, {"User": doc}):
        if not isinstance(shape, dict):
            continue
        config = ConfigSet()
        try:
            read_aliyun(shape, "x.json", config)
        except InputError:
            continue
        assert all(u.name for u in config.users)
        assert all(isinstance(s.login_with_domain, bool) for s in config.user_sso)


def test_the_account_of_the_endpoint_and_of_the_audience(tmp_path: Path) -> None:
    other = G.b64(
        G.xml_bytes(
            G.signed(
                acs=G.USER_SSO_CN,
                audience=G.USER_SSO_AUDIENCE.replace(G.ACCOUNT, "9876543210987654"),
                name_id="alice@contoso.onaliyun.com",
                attributes={},
            )
        )
    )
    path = write_file(tmp_path, "o.b64", other)
    report = inspect_json(path, "--at", SAMPLE_AT, "--endpoint", USER_SSO).report
    (found,) = report["findings"]
    assert found["code"] == "ALI313" and "9876543210987654" in found["message"]
    # posted to the ACS without an account ID: nothing to compare
    plain = "https://signin.aliyun.com/saml/SSO"
    report = inspect_json(path, "--at", SAMPLE_AT, "--endpoint", plain).report
    assert "ALI313" not in [f["code"] for f in report["findings"]]
