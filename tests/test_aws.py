"""AWS as a second cloud: the profiles pick themselves from the login, one cloud's rules never
run on the other's login, the AWS findings read in AWS's words, and the proxy watches AWS's
sign-in endpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mitmproxy import http
from mitmproxy.test import tflow

from helpers import METADATA, SAMPLE_AT, SAMPLES, generator, mitmdump_replay, run_cli
from samlscope.facts import endpoint_kind, resolve_profile

AWS_LOGINS = SAMPLES / "captures" / "aws"
EXPECTED = [[], ["AWS303"], ["AWS304", "AWS314"], ["SAML012", "AWS314"]]
"""The AWS sign-in page after the last two POSTs is tied to the finding that explains it."""


@pytest.mark.parametrize(
    "url,profile",
    [
        ("https://signin.aws.amazon.com/saml", "aws"),
        ("https://eu-central-1.signin.aws.amazon.com/saml", "aws"),
        ("https://us-east-1.signin.aws.amazon.com/saml/acs/SAMLSP4SHN3UIS2D558H46", "aws"),
        ("https://signin.amazonaws.cn/saml", "aws-cn"),
        ("https://cn-northwest-1.signin.amazonaws.cn/saml", "aws-cn"),
        ("https://signin.amazonaws-us-gov.com/saml", "aws-us-gov"),
        ("https://signin.alibabacloud.com/saml-role/sso", "alibaba-intl"),
        ("https://signin.aws.amazon.com.evil.example/saml", "generic"),
        ("https://evilsignin.aws.amazon.com/saml", "generic"),
    ],
)
def test_auto_picks_the_cloud_from_the_endpoint(url: str, profile: str) -> None:
    assert resolve_profile("auto", url).name == profile
    if profile.startswith("aws"):
        assert endpoint_kind(url) == "role"


def test_auto_picks_the_cloud_from_the_audience_when_nothing_else_says() -> None:
    # Changed deliberately: an Alibaba Cloud Audience picks Alibaba Cloud too (it was "generic"),
    # since without an endpoint the assertion's own fields decide (issue: cloud choice).
    assert resolve_profile("auto", None, audiences=("urn:amazon:webservices",)).name == "aws"
    alibaba = ("urn:alibaba:cloudcomputing:international",)
    assert resolve_profile("auto", None, audiences=alibaba).name == "alibaba-intl"
    assert resolve_profile("auto", None, audiences=("urn:example:sp",)).name == "generic"


@pytest.mark.parametrize("name", ["logins.har", "logins.mitm"])
def test_an_aws_capture_gets_the_aws_findings(name: str) -> None:
    result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(AWS_LOGINS / name))
    reports = result.json["reports"]
    assert [[f["code"] for f in r["findings"]] for r in reports] == EXPECTED
    assert {r["profile"] for r in reports} == {"aws"}
    reversed_pair = reports[1]["findings"][0]
    assert (
        reversed_pair["severity"] == "info"
        and "AWS accepts either order" in reversed_pair["message"]
    )
    copied = next(f for f in reports[2]["findings"] if f["code"] == "AWS304")["message"]
    assert "is an Alibaba Cloud RAM ARN, not an AWS IAM ARN" in copied
    regional = next(f for f in reports[3]["findings"] if f["code"] == "SAML012")["message"]
    assert "regional endpoint" in regional and "SAML:aud" in regional
    assert result.code == 1


def test_one_clouds_rules_never_run_on_the_others_login() -> None:
    """Every sample of either cloud: an Alibaba login never gets an AWS code, nor the reverse."""
    for folder in sorted((SAMPLES / "rules").iterdir()):
        for sample in folder.glob("*.b64"):
            result = run_cli("inspect", "--json", "--at", SAMPLE_AT, str(sample))
            if result.code == 2:
                continue
            for report in result.json["reports"]:
                codes = {f["code"][:3] for f in report["findings"]}
                if report["profile"].startswith("aws"):
                    assert "ALI" not in codes, (sample, codes)
                else:
                    assert "AWS" not in codes, (sample, codes)


def test_an_aws_arn_in_the_alibaba_app_is_named(tmp_path: Path) -> None:
    gen = generator()
    attrs = gen.default_attributes()
    attrs[f"{gen.ROLE_NS}Role"] = [gen.AWS_ROLE]
    path = tmp_path / "r.b64"
    path.write_text(gen.b64(gen.xml_bytes(gen.signed(attributes=attrs))))
    result = run_cli(
        "inspect", "--json", "--at", SAMPLE_AT, "--idp-metadata", str(METADATA), str(path)
    )
    (ali304,) = [f for f in result.report["findings"] if f["code"] == "ALI304"]
    assert "is an AWS ARN, not an Alibaba Cloud acs:ram ARN" in ali304["message"]


def test_the_outputs_read_right_for_aws(tmp_path: Path) -> None:
    path = str(AWS_LOGINS / "logins.har")
    ticket = run_cli("inspect", "--format", "ticket", "--idp-metadata", str(METADATA), path).stdout
    assert "profile aws" in ticket and "AWS304" in ticket and "Alibaba Cloud app" not in ticket
    rich = run_cli("inspect", "--all", "--idp-metadata", str(METADATA), path).stdout
    assert "IAM role" in rich and "RAM role" not in rich
    html = tmp_path / "r.html"
    run_cli("inspect", "--html", str(html), "--idp-metadata", str(METADATA), path)
    assert "IAM role" in html.read_text()
    diff = run_cli("diff", "--json", f"{path}#1", f"{path}#3")
    assert diff.code == 1 and "AWS304" in diff.stdout
    for code in ("AWS301", "AWS303", "AWS304", "AWS307", "AWS312"):
        explained = run_cli("explain", code)
        assert explained.code == 0 and "docs.aws.amazon.com" in explained.stdout
    assert "AWS303" in run_cli("rules").stdout


def test_only_the_order_is_what_aws_accepts_in_the_claims_view(tmp_path: Path) -> None:
    """The terminal's role lines say "AWS accepts it" for a reversed pair and for nothing
    else: a value that is not two ARNs stays red and unexcused."""
    G = generator()
    reversed_pair = tmp_path / "r.b64"
    reversed_pair.write_text(G.aws_signed(role=(G.AWS_REVERSED,)))
    joined = tmp_path / "j.b64"
    joined.write_text(G.aws_signed(role=(G.AWS_ROLE + ";" + G.AWS_READONLY,)))
    common = ("inspect", "--all", "--at", SAMPLE_AT, "--idp-metadata", str(METADATA))
    out = run_cli(*common, str(reversed_pair)).stdout
    assert "provider ARN first (reversed) (AWS accepts it)" in " ".join(out.split())
    out = run_cli(*common, str(joined)).stdout
    assert "not two comma-separated ARNs" in " ".join(out.split())
    assert "AWS accepts it" not in out


@pytest.mark.parametrize(
    "url,watched",
    [
        ("https://signin.aws.amazon.com/saml", True),
        ("https://eu-central-1.signin.aws.amazon.com/saml", True),
        ("https://signin.amazonaws.cn/saml", True),
        ("https://signin.aws.amazon.com/oauth", False),
        ("https://console.aws.amazon.com/saml", False),
    ],
)
def test_the_proxy_watches_aws_endpoints(url: str, watched: bool) -> None:
    from samlscope.addon.inspector import is_alibaba_sso

    flow = tflow.tflow(req=http.Request.make("POST", url, b"SAMLResponse=x"))
    assert is_alibaba_sso(flow) is watched


def test_mitmdump_replays_an_aws_capture(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    done = mitmdump_replay(AWS_LOGINS / "logins.mitm", report)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert [[f["code"] for f in r["findings"]] for r in records] == EXPECTED
    assert "AWS304" in done.stdout and "Traceback" not in done.stderr
