"""Logins that stop at IdPs other than Entra: Okta, AD FS, Google Workspace, Keycloak and
PingFederate error pages are read from HAR and flow files, saved pages and the live proxy; each
gives IDP501 with the IdP, its code, the trace ID its admins ask for, and the fix in that IdP's
console. An AD FS failure response with a bare Responder status says where the cause is."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mitmproxy import http
from mitmproxy.test import taddons, tflow

from helpers import SAMPLE_AT, SAMPLES, generator, inspect_json, run_cli, write_file
from samlscope.decoder.readers.idp_pages import error_page

IDP = SAMPLES / "captures" / "idp"
CASES = [
    ("okta-unassigned", "Okta", "app-not-assigned", "Okta Admin Console", None),
    ("okta-policy", "Okta", "policy-deny", "authentication policy", None),
    ("adfs-msis7007", "AD FS", "MSIS7007", "Relying Party Trusts", "Activity ID"),
    ("adfs-error", "AD FS", "error", "event 364", "Activity ID"),
    ("google-not-enabled", "Google Workspace", "app_not_enabled_for_user", "User access", None),
    ("keycloak-requester", "Keycloak", "invalid-requester", "Keycloak admin console", None),
    ("ping-system-error", "PingFederate", "unexpected-system-error", "server.log", "Reference"),
]


@pytest.mark.parametrize(("case", "idp", "code", "fix", "trace"), CASES)
@pytest.mark.parametrize("kind", ["har", "mitm"])
def test_another_idps_page_is_idp501_in_its_words(
    case: str, idp: str, code: str, fix: str, trace: str | None, kind: str
) -> None:
    result = inspect_json(IDP / f"{case}.{kind}", trust=None)
    assert result.code == 1, result.stderr
    report = result.report
    assert report["stopped_at"] == "idp" and report["idp_error"]["idp"] == idp
    assert report["idp_error"]["code"] == code
    finding = report["findings"][0]
    assert finding["code"] == "IDP501" and fix in finding["fix"], finding
    assert "Entra" not in finding["message"] + finding["fix"]
    if trace:
        assert trace in dict(report["idp_error"]["details"]), report["idp_error"]
        assert trace in finding["message"]


def test_a_saved_adfs_page_is_read(tmp_path: Path) -> None:
    page_of = generator().captures.page_of
    path = write_file(tmp_path, "adfs.html", page_of("adfs-msis7007"))
    result = run_cli("inspect", "--json", str(path))
    assert result.code == 1 and result.report["idp_error"]["code"] == "MSIS7007"


def test_the_proxy_marks_another_idps_error_page() -> None:
    from samlscope.addon.inspector import SamlInspector

    page_of = generator().captures.page_of
    inspector = SamlInspector(outfile=io.StringIO())
    with taddons.context(inspector):
        flow = tflow.tflow(
            req=http.Request.make("GET", "https://contoso.okta.com/app/x/exk1/sso/saml"),
            resp=http.Response.make(403, page_of("okta-unassigned"), {"Content-Type": "text/html"}),
            live=False,
        )
        inspector.response(flow)
    assert flow.marked and "IDP501" in flow.comment
    assert flow.metadata["samlscope"]["idp_error"]["idp"] == "Okta"


def test_an_okta_page_that_is_no_error_is_nothing() -> None:
    page = b"<html><head><title>Sign In</title></head><body>Sign in with your account</body></html>"
    assert (
        error_page("https://contoso.okta.com/", 200, [("content-type", "text/html")], page) is None
    )


@settings(max_examples=150, deadline=None)
@given(
    host=st.sampled_from(
        ["contoso.okta.com", "adfs.x.example", "accounts.google.com", "sso.x.example"]
    ),
    path=st.sampled_from(["/", "/adfs/ls/", "/realms/a/protocol/saml", "/idp/SSO.saml2"]),
    body=st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode),
)
def test_any_page_of_an_idp_reads_without_raising(host: str, path: str, body: bytes) -> None:
    found = error_page(f"https://{host}{path}", 403, [("content-type", "text/html")], body)
    assert found is None or found.idp


def test_an_adfs_responder_status_without_message_says_where_the_cause_is(tmp_path: Path) -> None:
    g = generator()
    adfs = "http://adfs.contoso.example/adfs/services/trust"
    root = g.response(
        issuer=adfs,
        status='<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/>',
    )
    root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer").text = adfs
    value = base64.b64encode(g.xml_bytes(root)).decode()
    result = inspect_json(write_file(tmp_path, "adfs.b64", value), "--at", SAMPLE_AT, trust=None)
    finding = next(f for f in result.report["findings"] if f["code"] == "SAML010")
    assert "event 364" in finding["message"] and "event 364" in finding["fix"]
    assert "Act on the StatusMessage" not in finding["fix"]


@pytest.mark.parametrize(
    ("url", "idp"),
    [
        (
            "https://launcher.myapps.microsoft.com/api/signin/8b1025e4?tenantId=x",
            "Microsoft Entra ID",
        ),
        ("https://contoso.okta.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/272", "Okta"),
        ("https://adfs.contoso.example/adfs/ls/IdpInitiatedSignOn.aspx?loginToRp=urn:x", "AD FS"),
        ("https://accounts.google.com/o/saml2/initsso?idpid=C01&spid=1", "Google Workspace"),
        ("https://sso.contoso.example/idp/startSSO.ping?PartnerSpId=urn:x", "PingFederate"),
    ],
)
def test_the_idp_initiated_start_is_the_first_step(url: str, idp: str, tmp_path: Path) -> None:
    import json

    document = json.loads((SAMPLES / "captures" / "logins.har").read_text())
    first = document["log"]["entries"][0]
    start = {
        **first,
        "startedDateTime": "2026-11-01T08:59:58.000Z",
        "request": {**first["request"], "method": "GET", "url": url},
        "response": {"status": 302, "headers": [], "content": {"size": 0, "mimeType": ""}},
    }
    document["log"]["entries"].insert(0, start)
    path = write_file(tmp_path, "started.har", json.dumps(document))
    result = run_cli("inspect", "--json", str(path))
    started = result.json["reports"][0]["idp_start"]
    assert started["idp"] == idp and started["url"] == url
    assert started["at"] == "2026-11-01T08:59:58Z"
    rich = run_cli("inspect", "--all", str(path)).stdout
    assert f"sign-in started at {idp}" in rich
