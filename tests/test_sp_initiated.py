"""SP-initiated sign-in: the AuthnRequest a capture saw go to the IdP (HTTP-Redirect or POST),
read from HAR, flow files, SAML-tracer exports and live through the addon, and the response
matched to it (SAML021 in-response-to-unmatched, SAML022 unsolicited-response)."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLES, generator, inspect_json, mitmdump_replay, write_file
from samlscope.decoder.message.authnrequest import read_authn_request

G = generator()
C = G.captures
REQUEST_ID = "_a7c3e1f0-req-0001"


def reports(path: Path) -> list[dict[str, Any]]:
    return list(inspect_json(path).json["reports"])


def codes(report: dict[str, Any]) -> list[str]:
    return [f["code"] for f in report["findings"]]


def session(tmp_path: Path, name: str, *requests: str, in_response_to: str | None) -> Path:
    exchanges = C.sp_initiated(
        list(requests or (G.authn_request(),)),
        G.user_sso_raw(**({"in_response_to": in_response_to} if in_response_to else {})),
        G.SAMPLE_TIME,
    )
    if name.endswith(".har"):
        return write_file(tmp_path, name, C.har(exchanges))
    if name.endswith(".mitm"):
        return write_file(tmp_path, name, C.flow_file(exchanges))
    posted = {
        x.form["SAMLResponse"]: base64.b64decode(x.form["SAMLResponse"]).decode()
        for x in exchanges
        if x.form and "SAMLResponse" in x.form
    }
    return write_file(tmp_path, name, C.saml_tracer(exchanges, posted))


def test_the_request_is_read_from_the_redirect() -> None:
    (report,) = reports(SAMPLES / "captures" / "user-sso" / "sp-initiated.har")
    (request,) = report["authn_requests"]
    assert request["id"] == REQUEST_ID and request["binding"] == "redirect"
    assert request["acs_url"] == G.USER_SSO_CN
    assert request["name_id_format"].endswith("unspecified")
    assert request["url"] == C.ENTRA_URL and request["sent_at"] == "2026-11-01T09:00:00.500Z"
    assert report["findings"] == []


@pytest.mark.parametrize("name", ["s.har", "s.mitm", "s.saml-tracer.json"])
def test_every_capture_kind_matches_the_response(tmp_path: Path, name: str) -> None:
    good = reports(session(tmp_path, name, in_response_to=REQUEST_ID))
    assert [codes(r) for r in good] == [[]]
    other = reports(session(tmp_path, name, in_response_to="_5e0b9d2c-old"))
    assert [codes(r) for r in other] == [["SAML021"]]
    assert "_5e0b9d2c-old" in other[0]["findings"][0]["message"]
    unsolicited = reports(session(tmp_path, name, in_response_to=None))
    assert [codes(r) for r in unsolicited] == [["SAML022"]]


def test_the_latest_of_several_requests_is_named(tmp_path: Path) -> None:
    second = G.authn_request("_a7c3e1f0-req-0002")
    doc = reports(session(tmp_path, "s.har", G.authn_request(), second, in_response_to="_x"))
    assert "_a7c3e1f0-req-0002" in doc[0]["findings"][0]["message"]
    answered_first = reports(
        session(tmp_path, "s.har", G.authn_request(), second, in_response_to=REQUEST_ID)
    )
    assert codes(answered_first[0]) == []  # an earlier request still counts as sent


def test_the_post_binding_request(tmp_path: Path) -> None:
    xml = zlib.decompress(base64.b64decode(G.authn_request()), -15)
    exchanges = C.sp_initiated([], G.user_sso_raw(in_response_to="_other"), G.SAMPLE_TIME)
    post = C.Exchange(
        "POST",
        C.ENTRA_URL,
        G.SAMPLE_TIME,
        200,
        form={"SAMLRequest": base64.b64encode(xml).decode()},
        response_body=C.AUTOPOST.format(acs=C.USER_SSO_ACS),
    )
    (report,) = reports(write_file(tmp_path, "p.har", C.har([post, *exchanges])))
    assert report["authn_requests"][0]["binding"] == "post"
    assert codes(report) == ["SAML021"]


def test_another_sp_s_request_is_not_this_login_s(tmp_path: Path) -> None:
    """A request for another application (its ACS on another host, another Issuer) says
    nothing about an IdP-initiated role-SSO login that follows it."""
    xml = zlib.decompress(base64.b64decode(G.authn_request()), -15)
    xml = xml.replace(G.USER_SSO_CN.encode(), b"https://payroll.example/acs")
    xml = xml.replace(G.USER_SSO_AUDIENCE.encode(), b"https://payroll.example")
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    other = base64.b64encode(deflater.compress(xml) + deflater.flush()).decode()
    exchanges = C.sp_initiated([other], G.user_sso_raw(), G.SAMPLE_TIME)
    (report,) = reports(write_file(tmp_path, "o.har", C.har(exchanges)))
    assert codes(report) == []


def test_a_user_sso_response_to_a_request_is_not_saml016() -> None:
    (report,) = reports(SAMPLES / "rules" / "SAML021" / "pass.har")
    assert "SAML016" not in codes(report)


def test_the_addon_matches_live_flows_in_a_real_mitmdump(tmp_path: Path) -> None:
    for in_response_to, expected in ((REQUEST_ID, []), ("_old", ["SAML021"]), (None, ["SAML022"])):
        flows = session(tmp_path, "s.mitm", in_response_to=in_response_to)
        log = tmp_path / "report.jsonl"
        log.unlink(missing_ok=True)
        result = mitmdump_replay(flows, log)
        assert result.returncode == 0, result.stderr
        (line,) = [json.loads(x) for x in log.read_text().splitlines()]
        assert [f["code"] for f in line["findings"]] == expected, line["findings"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.booleans())
def test_any_samlrequest_value_is_read_or_ignored(data: bytes, deflate: bool) -> None:
    if deflate:
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = deflater.compress(data) + deflater.flush()
    value = base64.b64encode(data).decode()
    found = read_authn_request(value, "https://login.example/saml2", "redirect")
    assert found is None or found.binding == "redirect"


@pytest.mark.parametrize(
    "xml",
    [
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><samlp:AuthnRequest '
        b'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="&e;"/>',
        b"<samlp:AuthnRequest " + b"a" * 300_000,
        b"\x00" * 50_000_000,
    ],
    ids=["xxe", "huge", "bomb"],
)
def test_hostile_requests_are_ignored(xml: bytes) -> None:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    value = base64.b64encode(deflater.compress(xml) + deflater.flush()).decode()
    assert read_authn_request(value, "https://login.example/saml2", "redirect") is None
