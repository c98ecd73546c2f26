"""Each cloud judged by its own facts (one home per fact): the verdicts that went wrong while
facts were copied, each checked against the facts layer."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from helpers import generator, inspect_json, run_cli, write_file

G = generator()
AT = "2026-11-01T09:01:30Z"


def _aws(audience: str, **attrs: Any) -> str:
    root = G.signed(acs=G.AWS_ACS, audience=audience, attributes=G.aws_attributes(**attrs))
    return base64.b64encode(G.xml_bytes(root)).decode()


@pytest.mark.parametrize(
    "audience", ["urn:amazon:webservices", "https://signin.aws.amazon.com/saml"]
)
def test_both_aws_audiences_are_good_logins(tmp_path: Path, audience: str) -> None:
    path = write_file(tmp_path, "aws.b64", _aws(audience))
    result = inspect_json(path, "--at", AT, "--endpoint", G.AWS_ACS)
    assert result.report["profile"] == "aws"
    assert "SAML013" not in result.codes and result.code == 0, result.codes


def test_an_aws_audience_of_another_sp_still_fails(tmp_path: Path) -> None:
    path = write_file(tmp_path, "aws.b64", _aws("urn:alibaba:cloudcomputing:international"))
    result = inspect_json(path, "--at", AT, "--endpoint", G.AWS_ACS)
    finding = next(f for f in result.report["findings"] if f["code"] == "SAML013")
    assert "urn:amazon:webservices" in finding["message"]  # names every accepted value


def test_diff_compares_aws_logins_by_aws_names(tmp_path: Path) -> None:
    a = write_file(tmp_path, "a.b64", G.aws_signed())
    b = write_file(tmp_path, "b.b64", G.aws_signed(role=(G.AWS_READONLY,)))
    result = run_cli("diff", "--json", "--at", AT, str(a), str(b))
    fields = [d["field"] for d in result.json["differences"]]
    assert "Role values" in fields, result.json


def test_a_pasted_aws_response_to_a_regional_endpoint_is_judged_there(tmp_path: Path) -> None:
    root = G.signed(acs=G.AWS_REGIONAL_ACS, audience=G.AWS_AUDIENCE, attributes=G.aws_attributes())
    path = write_file(tmp_path, "regional.b64", base64.b64encode(G.xml_bytes(root)).decode())
    result = inspect_json(path, "--at", AT)
    assert result.report["profile"] == "aws"
    assert not {"SAML011", "SAML012"} & set(result.codes), result.codes
    # posted to the global endpoint, the same response does fail: AWS compares with it
    posted = inspect_json(path, "--at", AT, "--endpoint", G.AWS_ACS)
    assert {"SAML011", "SAML012"} <= set(posted.codes)


def test_aws304_names_the_missing_arn_and_its_shape(tmp_path: Path) -> None:
    path = write_file(tmp_path, "one.b64", _aws(G.AWS_AUDIENCE, role=(G.AWS_ROLE.split(",")[0],)))
    result = inspect_json(path, "--at", AT, "--endpoint", G.AWS_ACS)
    message = next(f["message"] for f in result.report["findings"] if f["code"] == "AWS304")
    assert "SAML provider ARN is missing" in message
    assert "saml-provider/<name>" in message


def test_an_opaque_user_sso_name_id_shows_the_logon_name_form(tmp_path: Path) -> None:
    path = write_file(tmp_path, "u.b64", G.user_sso("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b"))
    result = inspect_json(path, "--at", AT)
    message = next(f["message"] for f in result.report["findings"] if f["code"] == "ALI312")
    assert "@<alias>.onaliyun.com" in message


def test_check_never_asks_to_create_a_ram_user_named_after_an_object_id(tmp_path: Path) -> None:
    users = (
        '{"Users": {"User": [{"UserName": "alice", "UserPrincipalName": '
        '"alice@contoso.onaliyun.com", "UserId": "1"}]}, "IsTruncated": false}'
    )
    login = write_file(tmp_path, "u.b64", G.user_sso("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b"))
    doc = run_cli(
        "check", "--json", "--at", AT, str(write_file(tmp_path, "users.json", users)), str(login)
    ).json
    found = [f for f in doc["findings"] if f["code"] == "CFG411"]
    assert found and "Create" not in found[0]["fix"] and "logon name" in found[0]["fix"]
