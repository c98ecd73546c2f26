"""Which cloud's rules judge a login: the endpoint the browser posted to (as the SP routes it)
decides; without one, the assertion's Recipient and Audience decide before the Response's
Destination; a disagreement is said; a login posted to a known URL that is no cloud's endpoint
is never given a cloud's more lenient rules."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from helpers import METADATA, run_cli, write_file

AT = "2026-11-01T09:01:30Z"


@pytest.fixture(scope="module")
def gen():  # type: ignore[no-untyped-def]
    from helpers import generator

    return generator()


def _both_clouds(gen) -> str:  # type: ignore[no-untyped-def]
    """An Alibaba Cloud login carrying an AWS Audience and both clouds' Role claims."""
    attributes = {**gen.default_attributes(), **gen.aws_attributes()}
    root = gen.signed(audience=gen.AWS_AUDIENCE, attributes=attributes)
    return base64.b64encode(gen.xml_bytes(root)).decode()


def _inspect(tmp_path: Path, value: str, *extra: str):  # type: ignore[no-untyped-def]
    path = write_file(tmp_path, "response.b64", value)
    args = ["inspect", "--json", "--at", AT, "--idp-metadata", str(METADATA), *extra, str(path)]
    return run_cli(*args)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://signin.alibabacloud.com/saml-role/sso",
        "https://signin.alibabacloud.com./saml-role/sso",
        "https://SIGNIN.alibabacloud.com/saml-role/%73so",
        "https://signin.alibabacloud.com/saml-role/sso;jsessionid=1",
    ],
)
def test_the_endpoint_decides_and_the_aws_audience_fails_the_alibaba_login(
    gen, tmp_path: Path, endpoint: str
) -> None:  # type: ignore[no-untyped-def]
    result = _inspect(tmp_path, _both_clouds(gen), "--endpoint", endpoint)
    report = result.report
    assert report["profile"] == "alibaba-intl"
    assert "SAML013" in result.codes and result.code == 1
    assert not any(c.startswith("AWS") for c in result.codes)
    assert any("names AWS" in n for n in report.get("notes", [])), report.get("notes")
    assert "SAML011" not in result.codes and "SAML012" not in result.codes


def test_without_an_endpoint_the_signed_assertion_outranks_the_destination(
    gen, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = gen.signed(destination=gen.AWS_ACS)  # Destination sits outside the signed assertion
    value = base64.b64encode(gen.xml_bytes(root)).decode()
    result = _inspect(tmp_path, value)
    assert result.report["profile"] == "alibaba-intl"
    assert "SAML011" in result.codes


def test_a_known_url_that_is_no_cloud_endpoint_gets_the_saml_rules_only(
    gen, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    value = gen.aws_signed().replace("\n", "")
    result = _inspect(tmp_path, value, "--endpoint", "https://sp.example/acs")
    assert result.report["profile"] == "generic"
    assert not any(c.startswith(("AWS", "ALI")) for c in result.codes)
    assert "SAML012" in result.codes  # posted somewhere its Recipient does not name
