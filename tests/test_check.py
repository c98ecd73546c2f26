"""`samlscope check`: configuration files recognised by content, in the shapes the aliyun CLI,
az and Graph print (lenient where the public docs differ), cross-checked with logins."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import (
    METADATA,
    SAMPLE_AT,
    SAMPLES,
    check_json,
    finding_codes,
    generator,
    inspect_json,
    run_cli,
    write_file,
)

GOOD = SAMPLES / "rules" / "CFG401" / "pass"
G = generator()


def check(*files: Path | str, at: str = SAMPLE_AT) -> Any:
    return check_json(*files, at=at)


codes = finding_codes
write = write_file


def test_the_consistent_set_is_summarised(tmp_path: Path) -> None:
    doc = check(*sorted(GOOD.iterdir()))
    assert codes(doc) == [] and doc["site"] == "intl"
    kinds = {i["kind"] for i in doc["inputs"]}
    assert kinds == {
        "idp-metadata",
        "sp-metadata",
        "entra-application",
        "ram-saml-provider",
        "ram-role",
    }
    held = {c["held_by"] for c in doc["certificates"]}
    assert held == {"IdP metadata (Entra)", "RAM provider AAD"}
    assert all(len(c["sha1_thumbprint"]) == 40 for c in doc["certificates"])
    verdicts = {r["display_name"]: r["verdict"] for r in doc["app_roles"]}
    assert verdicts["aadrole1"] == "ok" and "default role" in verdicts["msiam_access"]
    role = doc["ram_roles"][0]
    assert role["trusted_providers"] == [G.PROVIDER_ARN] and role["max_session_duration"] == 3600


def test_federated_and_recipient_as_string_or_list(tmp_path: Path) -> None:
    for federated in (G.PROVIDER_ARN, [G.PROVIDER_ARN]):
        for recipient in (G.INTL_ACS, [G.INTL_ACS], None):
            role = write(
                tmp_path, "role.json", G.get_role(federated=federated, recipient=recipient)
            )
            assert codes(check(GOOD / "app.json", role)) == []


def test_a_recipient_of_the_other_site_is_an_uncertain_warning(tmp_path: Path) -> None:
    role = write(tmp_path, "role.json", G.get_role(recipient=[G.CN_ACS]))
    doc = check(GOOD / "app.json", role)
    warning = [f for f in doc["findings"] if f["code"] == "CFG403"]
    assert warning and warning[0]["severity"] == "warning"
    assert "may be accepted" in warning[0]["message"] and "Terraform" in warning[0]["message"]


def test_role_names_ignore_case_and_provider_names_do_not(tmp_path: Path) -> None:
    upper = G.ROLE.replace("role/aadrole", "role/AADrole")
    app = write(tmp_path, "app.json", G.entra_app(upper))
    assert "CFG405" not in codes(check(app, GOOD / "role.json", GOOD / "provider.json"))
    app = write(tmp_path, "app.json", G.entra_app(G.ROLE.replace("/AAD", "/aad")))
    doc = check(app, GOOD / "role.json", GOOD / "provider.json")
    not_found = [f for f in doc["findings"] if f["code"] == "CFG405"]
    assert not_found and "letter case" in not_found[0]["message"]


def test_list_forms_support_only_their_checks(tmp_path: Path) -> None:
    providers = {
        "SAMLProviders": {"SAMLProvider": [{"SAMLProviderName": "AAD", "Arn": G.PROVIDER_ARN}]},
        "IsTruncated": False,
        "RequestId": "x",
    }
    roles = {
        "Roles": {"Role": [{"RoleName": "AADrole", "Arn": G.ROLE_ARN, "MaxSessionDuration": 3600}]},
        "IsTruncated": False,
    }
    p = write(tmp_path, "providers.json", json.dumps(providers))
    r = write(tmp_path, "roles.json", json.dumps(roles))
    assert codes(check(GOOD / "app.json", p, r)) == []
    wrong = write(tmp_path, "app.json", G.entra_app(G.ROLE.replace("aadrole", "other")))
    assert codes(check(wrong, p, r)) == ["CFG405"]  # no trust policy in a List: no CFG403


def test_only_the_alibaba_app_of_a_list_is_judged(tmp_path: Path) -> None:
    apps = json.loads(G.entra_app(G.REVERSED_ROLE))
    other = {
        "displayName": "Payroll",
        "appRoles": [{"displayName": "Admin", "value": "nonsense", "isEnabled": True}],
        "replyUrls": ["https://payroll.example/acs"],
        "servicePrincipalNames": ["payroll"],
    }
    apps["value"].insert(0, other)
    doc = check(write(tmp_path, "sps.json", json.dumps(apps)))
    assert {f["evidence"].get("app") for f in doc["findings"]} == {
        "Alibaba Cloud Service (Role-based SSO)"
    }


def test_the_older_azure_ad_graph_manifest(tmp_path: Path) -> None:
    manifest = {
        "displayName": "Alibaba Cloud Service (Role-based SSO)",
        "identifierUris": ["urn:alibaba:cloudcomputing"],
        "replyUrlsWithType": [{"url": G.CN_ACS, "type": "Web"}],
        "appRoles": [{"displayName": "admin", "value": G.JOINED_ROLE, "isEnabled": True}],
    }
    doc = check(write(tmp_path, "manifest.json", json.dumps(manifest)))
    assert doc["site"] == "cn" and "CFG404" in codes(doc)


def test_a_login_cross_checks_the_configuration(tmp_path: Path) -> None:
    """No IdP metadata: the login's signing certificate is what RAM must hold (rollover)."""
    stale = write(
        tmp_path, "provider.json", G.get_saml_provider(G.metadata(["test-idp-cert-expired.pem"]))
    )
    doc = check(stale, SAMPLES / "entra" / "valid.b64")
    stale_finding = [f for f in doc["findings"] if f["code"] == "CFG401"]
    assert stale_finding and "the signature of" in stale_finding[0]["message"]
    other = write(
        tmp_path,
        "provider.json",
        G.get_saml_provider(G.metadata(["test-idp-cert.pem"], G.OTHER_TENANT)),
    )
    assert "CFG407" in codes(check(other, SAMPLES / "entra" / "valid.b64"))


def test_expiring_soon_is_a_warning() -> None:
    doc = check(METADATA, at="2028-05-20T00:00:00Z")
    assert [(f["code"], f["severity"]) for f in doc["findings"]] == [("CFG402", "warning")]
    assert run_cli("check", "--at", "2028-05-20T00:00:00Z", str(METADATA)).code == 0


def test_inspect_trusts_the_metadata_ram_holds() -> None:
    report = inspect_json(SAMPLES / "entra" / "valid.b64", trust=str(GOOD / "provider.json")).report
    assert report["signature"]["status"] == "valid"
    assert report["signature"]["trust_anchors"]["kind"] == "metadata"


def test_an_unknown_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("check", str(write(tmp_path, "x.json", '{"hello": 1}')))
    assert result.code == 2 and result.stderr.count("\n") == 1


def test_a_missing_role_lists_a_bounded_number_of_candidates(tmp_path: Path) -> None:
    """A tenant with thousands of roles: each finding names at most ten and says how many
    more there are (it listed every role, 25 MB of JSON for half the roles missing)."""
    import json

    g = generator()
    roles = [
        {"Arn": f"acs:ram::1234567890123456:role/role{i:03d}", "RoleName": f"role{i:03d}"}
        for i in range(40)
    ]
    listed = json.dumps({"RequestId": "x", "Roles": {"Role": roles}})
    missing = "acs:ram::1234567890123456:role/absent,acs:ram::1234567890123456:saml-provider/AAD"
    doc = check_json(
        write_file(tmp_path, "roles.json", listed),
        write_file(tmp_path, "app.json", g.entra_app(missing)),
    )
    found = [f for f in doc["findings"] if f["code"] == "CFG405"]
    assert found, doc["findings"]
    assert "and 30 more" in found[0]["message"]
    assert len(found[0]["evidence"]["known_roles"]) == 10
    assert found[0]["evidence"]["known_role_count"] == 40


@pytest.mark.parametrize("columns", ["40", "80", "200"])
def test_check_and_diff_never_break_a_value(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """ARNs, thumbprints and entity IDs are whole on one line at any width and in a pipe, and
    check shows its findings before its tables."""
    monkeypatch.setenv("COLUMNS", columns)
    folder = SAMPLES / "rules" / "CFG405" / "fail"
    out = run_cli("check", "--at", SAMPLE_AT, *sorted(str(p) for p in folder.iterdir())).stdout
    for value in (
        "acs:ram::1234567890123456:saml-provider/AzureAD",
        "84b2831ea0fd618fa6c4134bb01947883dc843cd46637fc432b664f136905b96",
        "https://sts.windows.net/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/",
    ):
        assert value in out, value
    assert out.index("findings") < out.index("IdP signing certificates")
    a, b = SAMPLES / "entra" / "valid.b64", SAMPLES / "rules" / "ALI303" / "fail.b64"
    diff = run_cli("diff", "--at", SAMPLE_AT, str(a), str(b)).stdout
    assert (
        "acs:ram::1234567890123456:saml-provider/AAD,acs:ram::1234567890123456:role/aadrole" in diff
    )
