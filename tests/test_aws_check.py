"""`samlscope check` for AWS: the aws CLI's IAM answers (get-saml-provider, list-saml-providers,
get-role, list-roles) beside Entra's AWS app and captured logins, judged by the same CFG rules
in IAM's words, and CFG408 (a SAML:aud no sign-in can satisfy)."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLES, check_json, finding_codes, generator, inspect_json, write_file
from samlscope.decoder.config import ConfigSet
from samlscope.decoder.config.aws import read_aws
from samlscope.decoder.errors import InputError
from samlscope.rules.config.cfg408_trust_audience_unsatisfiable import satisfied

G = generator()
GOOD = SAMPLES / "rules" / "CFG408" / "pass"
AT = "2026-11-01T09:00:30Z"


def check(*files: Path | str, at: str = AT) -> Any:
    return check_json(*files, at=at)


codes = finding_codes
write = write_file


def good_set(tmp_path: Path, **replace: str) -> list[Path]:
    files = {p.name: p.read_text() for p in sorted(GOOD.iterdir())}
    files.update(replace)
    return [write(tmp_path, name, content) for name, content in files.items()]


def only(doc: Any, code: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["code"] == code]


def test_the_consistent_aws_set_is_read_by_content(tmp_path: Path) -> None:
    doc = check(*good_set(tmp_path), write(tmp_path, "login.b64", G.aws_signed()))
    assert codes(doc) == []
    kinds = {i["kind"] for i in doc["inputs"]}
    assert {"iam-saml-provider", "iam-saml-provider-list", "iam-role"} <= kinds
    assert doc["clouds"] == ["aws"]
    assert {r["cloud"] for r in doc["ram_roles"]} == {"aws"}
    assert doc["ram_roles"][0]["saml_aud"] == [G.AWS_ACS]
    assert [r["verdict"] for r in doc["app_roles"]][1] == "ok"
    assert doc["logins"][0]["signature"]["status"] == "valid"
    assert doc["logins"][0]["profile"] == "aws"


@pytest.mark.parametrize(
    ("aud", "why"),
    [
        ("urn:amazon:webservices", "is an Audience value, not an endpoint"),
        ("https://signin.aws.amazon.com/saml#2", "'#n' app-instance suffix"),
        ("https://signin.amazonaws.cn/saml", "sign-in endpoint of AWS China"),
        ("https://signin.aws.amazon.com/sso", "not a sign-in endpoint of AWS"),
        (["urn:amazon:webservices", "https://signin.aws.amazon.com/saml#1"], "Audience value"),
    ],
)
def test_a_saml_aud_no_sign_in_can_satisfy(tmp_path: Path, aud: Any, why: str) -> None:
    doc = check(*good_set(tmp_path, **{"role.json": G.aws_get_role(aud=aud)}))
    found = only(doc, "CFG408")
    assert len(found) == 1 and why in found[0]["message"], found
    assert "Trust relationships" in found[0]["fix"]


@pytest.mark.parametrize(
    ("aud", "operator"),
    [
        (G.AWS_ACS, "StringEquals"),
        (G.AWS_REGIONAL_ACS, "StringEquals"),
        ([G.AWS_ACS, G.AWS_REGIONAL_ACS], "StringEquals"),
        ("https://*signin.aws.amazon.com/saml", "StringLike"),
        ("HTTPS://SIGNIN.AWS.AMAZON.COM/SAML", "StringEqualsIgnoreCase"),
        (None, "StringEquals"),
    ],
)
def test_satisfiable_conditions_are_not_reported(tmp_path: Path, aud: Any, operator: str) -> None:
    role = G.aws_get_role(aud=aud, operator=operator)
    assert "CFG408" not in codes(check(*good_set(tmp_path, **{"role.json": role})))


def test_a_regional_login_against_a_global_saml_aud(tmp_path: Path) -> None:
    """The issue's case: Entra posts to a regional endpoint, the trust policy names the global
    one: the login's Recipient cannot satisfy SAML:aud."""
    login = write(tmp_path, "login.b64", (SAMPLES / "aws" / "regional-recipient.b64").read_text())
    doc = check(*good_set(tmp_path), login)
    found = only(doc, "CFG408")
    assert len(found) == 1, doc["findings"]
    assert G.AWS_REGIONAL_ACS in found[0]["message"] and G.AWS_ACS in found[0]["message"]
    assert found[0]["evidence"]["recipient"] == G.AWS_REGIONAL_ACS
    # the same login against a trust policy for the regional endpoint, or both: nothing
    for aud in (G.AWS_REGIONAL_ACS, [G.AWS_ACS, G.AWS_REGIONAL_ACS]):
        role = write(tmp_path, "role.json", G.aws_get_role(aud=aud))
        assert "CFG408" not in codes(
            check(*good_set(tmp_path, **{"role.json": role.read_text()}), login)
        )


def test_a_wildcard_for_regional_endpoints_fails_the_global_login(tmp_path: Path) -> None:
    role = G.aws_get_role(aud="https://*.signin.aws.amazon.com/saml", operator="StringLike")
    doc = check(
        *good_set(tmp_path, **{"role.json": role}), write(tmp_path, "l.b64", G.aws_signed())
    )
    found = only(doc, "CFG408")
    assert len(found) == 1 and "was posted with Recipient" in found[0]["message"]


def test_the_trust_policy_must_allow_assume_role_with_saml(tmp_path: Path) -> None:
    doc = check(*good_set(tmp_path, **{"role.json": G.aws_get_role(action="sts:AssumeRole")}))
    found = only(doc, "CFG403")
    assert len(found) == 1, doc["findings"]
    assert "needs sts:AssumeRoleWithSAML" in found[0]["message"]
    assert "IAM role 'EntraAdmins'" in found[0]["message"]
    assert found[0]["fix"].endswith("Trust relationships > Edit trust policy.")
    other = G.AWS_PROVIDER_ARN.replace("/Entra", "/Okta")
    doc = check(*good_set(tmp_path, **{"role.json": G.aws_get_role(federated=other)}))
    assert [f["code"] for f in doc["findings"]] == ["CFG403"]
    assert "Okta" in doc["findings"][0]["message"]


def test_app_roles_are_judged_with_the_aws_grammar(tmp_path: Path) -> None:
    reversed_app = G.aws_entra_app(G.AWS_REVERSED)
    doc = check(*good_set(tmp_path, **{"app.json": reversed_app}))
    assert "CFG404" not in codes(doc)  # AWS accepts either order
    assert doc["app_roles"][1]["verdict"] == "ok (provider first)"
    doc = check(*good_set(tmp_path, **{"app.json": G.aws_entra_app(G.AWS_ROLE, G.ROLE)}))
    found = only(doc, "CFG404")
    assert len(found) == 1 and "Alibaba Cloud RAM ARN, not an AWS IAM ARN" in found[0]["message"]
    assert "'role ARN,SAML provider ARN'" in found[0]["fix"] and "the AWS app" in found[0]["fix"]
    doc = check(*good_set(tmp_path, **{"app.json": G.aws_entra_app(G.AWS_CROSS)}))
    assert "CFG404" in codes(doc)


def test_a_role_or_provider_iam_does_not_have(tmp_path: Path) -> None:
    missing = G.AWS_ROLE.replace("role/EntraAdmins", "role/Billing")
    doc = check(*good_set(tmp_path, **{"app.json": G.aws_entra_app(missing)}))
    found = only(doc, "CFG405")
    assert len(found) == 1 and "not among the IAM roles given" in found[0]["message"]
    assert "IAM" in found[0]["fix"] and "RAM" not in found[0]["fix"]
    lower = G.AWS_ROLE.replace("saml-provider/Entra", "saml-provider/entra")
    doc = check(*good_set(tmp_path, **{"app.json": G.aws_entra_app(lower)}))
    assert any("differs only in letter case" in f["message"] for f in only(doc, "CFG405"))


def test_list_roles_with_the_raw_api_s_url_encoded_policy(tmp_path: Path) -> None:
    role = json.loads(G.aws_get_role(aud="urn:amazon:webservices"))["Role"]
    role["AssumeRolePolicyDocument"] = urllib.parse.quote(
        json.dumps(role["AssumeRolePolicyDocument"])
    )
    roles = write(tmp_path, "role.json", json.dumps({"Roles": [role], "IsTruncated": False}))
    doc = check(GOOD / "app.json", roles)
    assert codes(doc) == ["CFG408"]
    assert doc["inputs"][1]["kind"] == "iam-role-list"


def test_session_duration_above_the_role_maximum(tmp_path: Path) -> None:
    login = write(tmp_path, "login.b64", G.aws_signed(SessionDuration="7200"))
    doc = check(*good_set(tmp_path), login)
    found = only(doc, "CFG406")
    assert len(found) == 1 and "AssumeRoleWithSAML refuses" in found[0]["message"]
    assert "Maximum session duration" in found[0]["fix"]
    role = G.aws_get_role(max_session=43200)
    assert "CFG406" not in codes(check(*good_set(tmp_path, **{"role.json": role}), login))


def test_stale_metadata_iam_holds(tmp_path: Path) -> None:
    stale = G.aws_get_saml_provider(G.metadata(["test-idp-cert-expired.pem"]))
    doc = check(*good_set(tmp_path, **{"provider.json": stale}))
    found = only(doc, "CFG401")
    assert found and "The metadata IAM holds" in found[0]["message"]
    assert "Replace metadata" in found[0]["fix"] and "the AWS app" in found[0]["fix"]
    assert all("Replace metadata" in f["fix"] for f in only(doc, "CFG402"))


def test_both_clouds_in_one_check_stay_apart(tmp_path: Path) -> None:
    """An Alibaba role value is never looked up among IAM roles, nor the reverse."""
    alibaba = SAMPLES / "rules" / "CFG401" / "pass"
    files = [*good_set(tmp_path), alibaba / "app.json", alibaba / "role.json"]
    files += [alibaba / "provider.json"]
    doc = check(*files)
    assert codes(doc) == [], doc["findings"]
    assert doc["clouds"] == ["alibaba", "aws"]
    assert {r["cloud"] for r in doc["ram_roles"]} == {"alibaba", "aws"}


def test_inspect_trusts_the_metadata_iam_holds(tmp_path: Path) -> None:
    login = write(tmp_path, "login.b64", G.aws_signed())
    report = inspect_json(login, trust=str(GOOD / "provider.json")).report
    assert report["signature"]["status"] == "valid"


def test_satisfied_reads_iam_operators() -> None:
    url = G.AWS_ACS
    assert satisfied((("StringEquals", url),), url)
    assert not satisfied((("StringEquals", url + "/"),), url)
    assert satisfied((("StringEquals", "x"), ("StringEquals", url)), url)  # values: any
    assert not satisfied((("StringEquals", url), ("StringLike", "*eu-*")), url)  # operators: all
    assert satisfied((("ForAnyValue:StringLike", "https://signin.*/saml"),), url)
    assert satisfied((("StringEqualsIfExists", url),), url)
    assert not satisfied((("StringNotEquals", url),), url)
    assert satisfied((("StringNotLike", "*.cn/*"),), url)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Role",
                    "Roles",
                    "Arn",
                    "SAMLProviderList",
                    "AssumeRolePolicyDocument",
                    "Statement",
                    "Condition",
                    "StringEquals",
                    "SAML:aud",
                    "Principal",
                    "Federated",
                    "MaxSessionDuration",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON, st.sampled_from(["arn:aws:iam::123456789012:role/r", "acs:ram::1:role/r", 5]))
def test_the_iam_reader_never_fails_but_with_an_input_error(doc: Any, arn: Any) -> None:
    shapes = [doc, {"Role": {"Arn": arn, "AssumeRolePolicyDocument": doc}}]
    shapes += [
        {"Roles": [{"Arn": arn, "AssumeRolePolicyDocument": doc, "MaxSessionDuration": doc}]}
    ]
    shapes += [{"SAMLProviderList": [doc, {"Arn": arn}]}]
    for shape in shapes:
        if not isinstance(shape, dict):
            continue
        config = ConfigSet()
        try:
            read_aws(shape, "x.json", config)
        except InputError:
            continue
        for role in config.roles:
            assert role.cloud == "aws" and (role.arn or "").startswith("arn:aws")


def test_one_tenant_with_both_clouds_judges_each_cloud_by_its_own(tmp_path: Path) -> None:
    """Entra signs each gallery app with its own certificate: the Alibaba Cloud app's metadata
    and the metadata RAM holds, the AWS app's metadata (another certificate) and the metadata
    IAM holds. No cloud's metadata is compared with the other's, and the AWS login is verified
    with what IAM holds, not with RAM's."""
    alibaba = GOOD.parent.parent / "CFG401" / "pass"
    files = [
        p for p in sorted(alibaba.iterdir()) if p.name in ("idp-metadata.xml", "provider.json")
    ]
    aws_metadata = G.metadata(["test-attacker-cert.pem"])
    root = G.response(acs=G.AWS_ACS, audience=G.AWS_AUDIENCE, attributes=G.aws_attributes())
    G.sign(G.assertion_of(root), "attacker")
    import base64

    login = base64.b64encode(G.xml_bytes(root)).decode()
    doc = check(
        *files,
        write(tmp_path, "aws-app-metadata.xml", aws_metadata),
        write(tmp_path, "iam-provider.json", G.aws_get_saml_provider(aws_metadata)),
        write(tmp_path, "aws-login.b64", login),
    )
    assert "CFG401" not in codes(doc), only(doc, "CFG401")
    (aws_login,) = doc["logins"]
    assert aws_login["profile"] == "aws"
    assert aws_login["signature"]["status"] == "valid", aws_login["signature"]
