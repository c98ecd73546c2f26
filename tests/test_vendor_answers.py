"""What the SP answered, explained: AWS's documented answers tied to the findings that explain
them (AWS314), the error a command-line login printed pasted beside the response, and
`samlscope explain` by a vendor's own code or text."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES, generator, inspect_json, run_cli, write_file

G = generator()
AT = "2026-11-01T09:00:00Z"


def _aws_answered(tmp_path: Path, response: bytes, page: str) -> object:
    har = G.captures.har(G.captures.aws_answered(response, G.SAMPLE_TIME, page))
    return inspect_json(write_file(tmp_path, "aws.har", har), "--at", AT)


def test_a_good_response_aws_refused_is_never_should_log_in(tmp_path: Path) -> None:
    good = base64.b64decode(G.aws_signed())
    result = _aws_answered(tmp_path, good, G.captures.AWS_ERROR_PAGE)
    assert result.code == 1  # type: ignore[attr-defined]
    finding = next(f for f in result.report["findings"] if f["code"] == "AWS314")  # type: ignore[attr-defined]
    assert "IAM" in finding["message"] and finding["evidence"]["explained_by"] == []
    assert "should log in" not in result.stdout  # type: ignore[attr-defined]


def test_the_answer_is_tied_to_the_finding_that_explains_it(tmp_path: Path) -> None:
    no_session = base64.b64decode(G.aws_signed(session=""))
    page = "<html><body>RoleSessionName is required in AuthnResponse</body></html>"
    result = _aws_answered(tmp_path, no_session, page)
    finding = next(f for f in result.report["findings"] if f["code"] == "AWS314")  # type: ignore[attr-defined]
    assert finding["evidence"]["explained_by"] == ["AWS302"]


def test_a_cli_error_pasted_beside_the_response_is_read_as_the_answer(tmp_path: Path) -> None:
    value = G.aws_signed().replace("\n", "")
    text = (
        "Hi, the login fails with:\n\n"
        "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithSAML "
        "operation: Response signature invalid\n\nSAMLResponse=" + value + "\n\nThanks\n"
    )
    path = write_file(tmp_path, "ticket.txt", text)
    result = inspect_json(path, "--at", AT, "--endpoint", G.AWS_ACS, trust=str(METADATA))
    finding = next(f for f in result.report["findings"] if f["code"] == "AWS314")
    assert finding["evidence"]["sts_code"] == "InvalidIdentityToken"
    assert "metadata IAM holds" in finding["message"]


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("AADSTS50105", "Users and groups"),
        ("50105", "EntitlementGrantsNotFound"),
        ("EntityNotExist.Role", "RAM role"),
        ("Your request included an invalid SAML response", "IAM"),
        ("RoleSessionName is required in AuthnResponse", "AWS302"),
        ("MSIS7007", "Relying Party Trusts"),
        ("app_not_configured_for_user", "Entity ID"),
        ("invalid-requester", "Keycloak admin console"),
        ("InvalidSubjectValue", "ALI314"),
        ("AUTHZ_001", "PingOne"),
    ],
)
def test_explain_a_vendor_code(code: str, says: str) -> None:
    result = run_cli("explain", code)
    assert result.code == 0, result.stderr
    assert says in result.stdout and "Cause:" in result.stdout and "Fix:" in result.stdout


def test_explain_an_unknown_code_is_a_usage_error() -> None:
    result = run_cli("explain", "NOPE123")
    assert result.code == 2 and "no rule and no known vendor code" in result.stderr


def test_explain_a_rule_still_explains_the_rule() -> None:
    result = run_cli("explain", "AWS314")
    assert result.code == 0 and "## How to fix" in result.stdout
    assert (SAMPLES / "rules" / "AWS314" / "fail.har").exists()
