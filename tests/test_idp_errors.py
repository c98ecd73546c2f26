"""A login that stops at Entra ID: no SAML POST, Entra's error page instead. Every capture
format and every output says so (IDP501), the proxy sees it on the flow, and an AADSTS code
inside a failed Response gets the same table's fix (SAML010)."""

from __future__ import annotations

import asyncio
import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mitmproxy.test import taddons, tflow

from helpers import METADATA, SAMPLE_AT, SAMPLES, generator, mitmdump_replay, run_cli
from samlscope.decoder.readers.idp_pages import error_page

IDP = SAMPLES / "captures" / "idp"
CASES = {
    "unassigned": ("AADSTS50105", "Users and groups"),
    "guest": ("AADSTS50020", "Invite external user"),
    "conditional-access": ("AADSTS53003", "Conditional Access > Policies"),
    "mfa": ("AADSTS50076", "MFA"),
    "disabled": ("AADSTS50057", "Account enabled"),
}
ENTRA = "https://login.microsoftonline.com/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/saml2"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", ["har", "mitm"])
def test_each_idp_failure_is_a_report_with_its_code_and_fix(case: str, kind: str) -> None:
    result = run_cli(
        "inspect", "--json", "--idp-metadata", str(METADATA), str(IDP / f"{case}.{kind}")
    )
    assert result.code == 1, result.stderr
    report = result.report
    code, fix_words = CASES[case]
    assert report["stopped_at"] == "idp" and report["message"] is None
    assert report["idp_error"]["code"] == code
    assert report["idp_error"]["request_id"] and report["idp_error"]["correlation_id"]
    assert report["idp_error"]["timestamp"] == "2026-11-01T09:00:00Z"
    (finding,) = report["findings"]
    assert finding["code"] == "IDP501" and code in finding["message"]
    assert fix_words in finding["fix"]
    assert report["verdict"].startswith(f"login failed at Microsoft Entra ID: {code}")


def test_every_output_says_where_the_login_stopped(tmp_path: Path) -> None:
    path = str(IDP / "unassigned.har")
    ticket = run_cli("inspect", "--format", "ticket", path).stdout
    assert "Stopped at: Microsoft Entra ID, before any assertion was issued" in ticket
    assert "alice@contoso.example" not in ticket and "a***e@contoso.example" in ticket
    rich = run_cli("inspect", path).stdout
    assert "stopped at" in rich and "Correlation Id" in rich and "AADSTS50105" in rich
    brief = run_cli("inspect", "--format", "brief", path).stdout
    assert "[IDP501]" in brief
    page = tmp_path / "r.html"
    assert run_cli("inspect", "--html", str(page), path).code == 1
    html = page.read_text()
    assert "stopped at" in html and "AADSTS50105" in html and "alice@contoso.example" not in html
    line = json.loads(run_cli("inspect", "--format", "jsonl", path).stdout.splitlines()[0])
    assert line["findings"][0]["code"] == "IDP501"


def test_a_capture_with_neither_stays_a_usage_error(tmp_path: Path) -> None:
    har = json.loads((IDP / "unassigned.har").read_text())
    har["log"]["entries"] = har["log"]["entries"][:1]  # only the app launch redirect
    path = tmp_path / "nothing.har"
    path.write_text(json.dumps(har))
    result = run_cli("inspect", "--json", str(path))
    assert result.code == 2 and "no SAML POST" in result.stderr


def test_an_ordinary_entra_page_is_not_an_error() -> None:
    page = b"<html><head><title>Sign in to your account</title></head><body>$Config={};</body>"
    assert error_page(ENTRA, 200, [("Content-Type", "text/html")], page) is None
    silent = b'<html><body>{"error":"AADSTS50058: A silent sign-in request was sent"}</body>'
    oauth = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?prompt=none"
    assert error_page(oauth, 200, [("Content-Type", "text/html")], silent) is None
    assert error_page("https://evil.example/saml2", 200, [], b"<p>AADSTS50105: x</p>") is None


def test_the_page_text_alone_is_enough() -> None:
    """Microsoft changes the markup: without $Config, the visible text still gives it all."""
    page = (
        b"<html><body><div>AADSTS53003: Access has been blocked by Conditional Access policies."
        b"</div><div>Request Id: 5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f0001</div>"
        b"<div>Correlation Id: d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d40001</div>"
        b"<div>Timestamp: 2026-11-01T09:00:00Z</div></body></html>"
    )
    found = error_page(ENTRA, 200, [("Content-Type", "text/html")], page)
    assert found is not None and found.code == "AADSTS53003"
    assert found.request_id == "5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f0001"
    assert found.correlation_id == "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d40001"


@given(st.binary(max_size=3000), st.sampled_from([b"AADSTS", b"$Config={", b"AADSTS50105:"]))
def test_any_page_gives_an_error_or_nothing(noise: bytes, marker: bytes) -> None:
    for body in (noise + marker, marker + noise, noise[:100] + marker + noise[100:]):
        found = error_page(ENTRA, 200, [("Content-Type", "text/html")], body)
        assert found is None or (found.code or "").startswith("AADSTS")


def test_saml010_gives_the_codes_own_fix(tmp_path: Path) -> None:
    gen = generator()
    status = (
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester">'
        '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/>'
        "</samlp:StatusCode><samlp:StatusMessage>AADSTS50105: The signed in user is not "
        "assigned to a role for the application.</samlp:StatusMessage>"
    )
    xml = gen.xml_bytes(gen.response(status=status))
    path = tmp_path / "saml010.b64"
    path.write_text(base64.b64encode(xml).decode())
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, str(path))
    (saml010,) = [f for f in result.report["findings"] if f["code"] == "SAML010"]
    assert "Users and groups > Add user/group" in saml010["fix"]
    assert "RAM role ARN first" in saml010["fix"]  # the Alibaba Cloud app's role value


def _flow(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> Any:
    from mitmproxy import http

    flow = tflow.tflow(req=http.Request.make("GET", url), resp=True)
    flow.response = http.Response.make(200, body, {"Content-Type": content_type})
    return flow


def test_the_proxy_marks_the_entra_flow(tmp_path: Path) -> None:
    from samlscope.addon.inspector import SamlInspector

    page = (IDP / "unassigned.har").read_text()
    body = json.loads(page)["log"]["entries"][1]["response"]["content"]["text"].encode()
    report_file = tmp_path / "report.jsonl"
    out = io.StringIO()
    inspector = SamlInspector(outfile=out)
    with taddons.context(inspector) as tctx:
        tctx.options.add_option("connection_strategy", str, "eager", "as in mitmdump")
        tctx.configure(inspector, saml_report=str(report_file), saml_hold=True)
        flow = _flow(ENTRA + "?SAMLRequest=x", body)
        result = inspector.response(flow)
        assert result is not None
        asyncio.new_event_loop().run_until_complete(result)
        assert flow.comment.startswith("samlscope: login failed at Microsoft Entra ID")
        assert "[IDP501]" in flow.comment and flow.marked == ":x:"
        assert flow.response.content == body  # the page itself goes on unchanged
        (line,) = report_file.read_text().splitlines()
        assert json.loads(line)["idp_error"]["code"] == "AADSTS50105"
        from samlscope.addon.saml_view import prettify_form, priority

        assert priority(body, "text/html; charset=utf-8", flow) == 2.0
        view = prettify_form(body, flow)
        assert "IDP501" in view and "<html" not in view
        ordinary = _flow("https://www.example.com/", b"<p>AADSTS50105: quoted in a blog</p>")
        assert inspector.response(ordinary) is None and not ordinary.comment


def test_mitmdump_replay_shows_the_finding_on_the_entra_flow(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    done = mitmdump_replay(IDP / "unassigned.mitm", report)
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert record["stopped_at"] == "idp" and record["findings"][0]["code"] == "IDP501"
    assert "AADSTS50105" in done.stdout and "Traceback" not in done.stderr


def test_a_default_access_user_is_told_to_get_an_app_role(tmp_path: Path) -> None:
    """Entra leaves Role out for a user assigned only with Default Access (msiam_access): the
    claims are set up, so the fix is the assignment, not "add the claim"."""
    gen = generator()
    attributes = {k: v for k, v in gen.default_attributes().items() if not k.endswith("/Role")}
    path = tmp_path / "default-access.b64"
    path.write_bytes(gen.b64(gen.xml_bytes(gen.signed(attributes=attributes))).encode())
    result = run_cli(
        "inspect", "--json", "--at", SAMPLE_AT, "--idp-metadata", str(METADATA), str(path)
    )
    (ali301,) = [f for f in result.report["findings"] if f["code"] == "ALI301"]
    assert "Default Access" in ali301["message"] and "Edit assignment" in ali301["fix"]
    assert ali301["evidence"]["likely_cause"] == "default-access"
    # with neither claim, the claims themselves are missing: the old advice stands
    bare = {k: v for k, v in attributes.items() if "SAML-Role" not in k}
    path.write_bytes(gen.b64(gen.xml_bytes(gen.signed(attributes=bare))).encode())
    result = run_cli(
        "inspect", "--json", "--at", SAMPLE_AT, "--idp-metadata", str(METADATA), str(path)
    )
    (ali301,) = [f for f in result.report["findings"] if f["code"] == "ALI301"]
    assert "Attributes & Claims" in ali301["fix"] and "likely_cause" not in ali301["evidence"]


def test_saved_pages_are_read(tmp_path: Path) -> None:
    """A page saved from the browser: Entra's error page (IDP501), or Entra's auto-post form,
    whose hidden SAMLResponse is analysed as if posted to the form's action."""
    har = json.loads((IDP / "unassigned.har").read_text())
    error_page_html = har["log"]["entries"][1]["response"]["content"]["text"]
    saved = tmp_path / "error.html"
    saved.write_text(error_page_html)
    result = run_cli("inspect", "--json", str(saved))
    assert result.code == 1 and result.report["findings"][0]["code"] == "IDP501"
    value = "".join((SAMPLES / "entra" / "valid.b64").read_text().split())
    autopost = (
        "<!DOCTYPE html><html><body onload='document.forms[0].submit()'>"
        "<form method='POST' action='https://signin.alibabacloud.com/saml-role/sso'>"
        f"<input type='hidden' name='SAMLResponse' value='{value}'/>"
        "<input type='hidden' name='RelayState' value='https://ecs.console.aliyun.com/'/>"
        "</form></body></html>"
    )
    saved.write_text(autopost)
    result = run_cli(
        "inspect", "--json", "--at", SAMPLE_AT, "--idp-metadata", str(METADATA), str(saved)
    )
    assert result.code == 0, result.report["findings"]
    report = result.report
    assert report["endpoint"] == "https://signin.alibabacloud.com/saml-role/sso"
    assert report["relay_state"] == "https://ecs.console.aliyun.com/"
    assert report["signature"]["status"] == "valid"
    saved.write_text("<!DOCTYPE html><html><body>nothing here</body></html>")
    assert run_cli("inspect", "--json", str(saved)).codes == ["SAML002"]


def test_entras_troubleshooting_details_pasted_are_read_as_idp501(tmp_path: Path) -> None:
    text = (
        "Hi, this is what the user sees:\n\n"
        "Request Id: 5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f0001\n"
        "Correlation Id: d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d40001\n"
        "Timestamp: 2026-11-01T09:00:00Z\n"
        "Message: AADSTS50105: Your administrator has configured the application Alibaba "
        "Cloud Service (Role-based SSO) ('8b1025e4-1dd2-430b-a150-2ef79cd700f5') to block "
        "users unless they are specifically granted ('assigned') access to the application.\n"
        "Flag sign-in errors for review: Enable flagging\n"
    )
    path = tmp_path / "ticket.txt"
    path.write_text(text)
    result = run_cli("inspect", "--json", str(path))
    assert result.code == 1
    report = result.json["reports"][0]
    assert report["idp_error"]["code"] == "AADSTS50105"
    assert report["idp_error"]["correlation_id"] == "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d40001"
    assert [f["code"] for f in report["findings"]] == ["IDP501"]


def test_a_har_saved_without_bodies_says_how_to_export_it_again(tmp_path: Path) -> None:
    import json

    document = json.loads((SAMPLES / "captures" / "idp" / "unassigned.har").read_text())
    for entry in document["log"]["entries"]:
        entry["response"].get("content", {}).pop("text", None)
    path = tmp_path / "nobodies.har"
    path.write_text(json.dumps(document))
    result = run_cli("inspect", str(path))
    assert result.code == 2
    assert "saved without response bodies" in result.stderr
    assert (
        "Export HAR (with sensitive data)" in result.stderr and "Save All As HAR" in result.stderr
    )
