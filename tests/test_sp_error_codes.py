"""ALI311: Alibaba Cloud's documented error codes in its answer are tied to the findings that
explain them, or said to lie outside the response (RAM) when none does."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES, generator, run_cli
from samlscope.decoder.readers.capture import SpAnswer
from samlscope.outcome import sp_error_code

HAR = SAMPLES / "rules" / "ALI311" / "fail.har"


def _with_answer(tmp_path: Path, text: str, mime: str, xml: bytes | None = None) -> Path:
    har = json.loads(HAR.read_text())
    entry = har["log"]["entries"][1]
    entry["response"]["content"] = {"mimeType": mime, "text": text}
    if xml is not None:
        value = base64.b64encode(xml).decode()
        entry["request"]["postData"]["text"] = "SAMLResponse=" + value.replace("+", "%2B")
        entry["request"]["postData"].pop("params", None)
    path = tmp_path / "login.har"
    path.write_text(json.dumps(har))
    return path


def _ali311(path: Path) -> dict[str, object]:
    result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(path))
    (finding,) = [f for f in result.report["findings"] if f["code"] == "ALI311"]
    assert result.report["outcome"]["error_code"] == finding["evidence"]["code"]  # type: ignore[index]
    return finding


def test_a_code_nothing_explains_points_at_ram(tmp_path: Path) -> None:
    finding = _ali311(HAR)
    assert finding["evidence"]["explained_by"] == []  # type: ignore[index]
    assert "outside it" in str(finding["message"]) and "samlscope check" in str(finding["fix"])


def test_a_code_a_finding_explains_names_it(tmp_path: Path) -> None:
    gen = generator()
    reversed_role = ",".join(reversed(gen.ROLE.split(",")))
    attributes = {**gen.default_attributes(), f"{gen.ROLE_NS}Role": [reversed_role]}
    xml = gen.xml_bytes(gen.signed(attributes=attributes))
    page = "<html><body><p>Error: EntityNotExist.RoleArn</p></body></html>"
    finding = _ali311(_with_answer(tmp_path, page, "text/html", xml))
    assert finding["evidence"]["explained_by"] == ["ALI303"]  # type: ignore[index]
    assert "Explained by ALI303" in str(finding["message"])


def test_the_sts_apis_json_answer_is_read(tmp_path: Path) -> None:
    answer = {
        "RequestId": "6C8A1F2E-0B3D-4E5F-9A7B-1C2D3E4F5A6B",
        "HostId": "sts.aliyuncs.com",
        "Code": "AuthenticationFail.SAMLAssertion.Expired",
        "Message": "The SAML Assertion is expired.",
    }
    finding = _ali311(_with_answer(tmp_path, json.dumps(answer), "application/json"))
    assert "expired" in str(finding["message"])


@pytest.mark.parametrize(
    "body,location,code",
    [
        (b'{"Code":"NoPermission","Message":"x"}', None, "NoPermission"),
        (b'{"Code":"InternalError","Message":"STS Server Internal Error"}', None, "InternalError"),
        (b"<p>InvalidParameter.RoleSessionName</p>", None, "InvalidParameter.RoleSessionName"),
        (b"", "https://signin.alibabacloud.com/error?code=EntityNotExist.SAMLProvider", None),
        (b"<p>an InternalError happened</p>", None, None),  # only as a JSON Code
        (b"<p>all good</p>", None, None),
    ],
)
def test_codes_are_read_where_alibaba_puts_them(
    body: bytes, location: str | None, code: str | None
) -> None:
    answer = SpAnswer(status=302 if location else 200, location=location, body=body)
    expected = code or ("EntityNotExist.SAMLProvider" if location else None)
    assert sp_error_code(answer) == expected
