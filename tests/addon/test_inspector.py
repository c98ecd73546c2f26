"""The addon with mitmproxy's own test harness (taddons/tflow), on mitmproxy 11 and 12."""

from __future__ import annotations

import asyncio
import base64
import json
import stat
from collections.abc import Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from mitmproxy import exceptions, http
from mitmproxy.test import taddons, tflow

from helpers import METADATA, SAMPLES
from samlscope.addon import saml_view
from samlscope.addon.inspector import SamlInspector, is_alibaba_sso
from samlscope.rules import registry
from samlscope.rules.engine import Rule, Severity

ACS = "https://signin.alibabacloud.com/saml-role/sso"
VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()


def form(xml: bytes = VALID, relay: str = "https://ecs.console.aliyun.com/") -> bytes:
    value = quote(base64.b64encode(xml).decode(), safe="")
    return f"SAMLResponse={value}&RelayState={quote(relay, safe='')}".encode()


def saml_flow(url: str = ACS, body: bytes | None = None, live: bool = True) -> http.HTTPFlow:
    request = http.Request.make(
        "POST",
        url,
        body if body is not None else form(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    flow = tflow.tflow(req=request, live=live)
    flow.request.timestamp_start = 1793523690.0  # 2026-11-01T09:01:30Z
    return flow


def hook(result: Coroutine[Any, Any, None] | None) -> None:
    """Run a hook's result as mitmproxy does: awaited when it is a coroutine."""
    if result is not None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(result)
        finally:
            loop.close()


@pytest.fixture
def addon(tmp_path: Path):  # type: ignore[no-untyped-def]
    import io

    inspector = SamlInspector(outfile=io.StringIO())
    with taddons.context(inspector) as tctx:
        # mitmdump's proxyserver addon owns this option; taddons does not load it.
        tctx.options.add_option("connection_strategy", str, "eager", "as in mitmdump")
        tctx.configure(inspector, saml_idp_metadata=str(METADATA))
        yield inspector, tctx


def test_hold_answers_locally_with_the_report(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    assert tctx.options.connection_strategy == "lazy"
    flow = saml_flow()
    hook(inspector.request(flow))
    assert flow.response is not None and flow.response.status_code == 200
    page = flow.response.get_text()
    assert "no problem found" in page and "acs:ram::1234567890123456:role/aadrole" in page
    # The raw assertion appears once: in the release form's hidden field (posted back by the
    # same browser only if the engineer clicks Continue), never in the report itself.
    raw = base64.b64encode(VALID).decode()[:40]
    assert page.count(raw) == 1
    form = page[page.index('<form method="POST"') :]
    assert raw in form and 'name="samlscope_release"' in form
    assert "default-src 'none'" in flow.response.headers["Content-Security-Policy"]
    assert flow.comment.startswith("samlscope:") and flow.marked
    assert flow.metadata["samlscope"]["signature"]["status"] == "valid"


def test_forwarded_post_is_analysed_with_the_sp_answer(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, _ = addon
    flow = saml_flow()
    hook(inspector.request(flow))
    assert flow.response is None  # not held: it goes upstream
    flow.response = http.Response.make(302, b"", {"Location": "https://home.console.aliyun.com/"})
    hook(inspector.response(flow))
    record = flow.metadata["samlscope"]
    assert record["outcome"]["status"] == 302 and record["outcome"]["verdict"] == "accepted"


def test_replayed_flow_is_never_answered_and_judged_at_its_own_time(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    flow = saml_flow(live=False)
    flow.response = http.Response.make(200, b"ok", {})
    hook(inspector.request(flow))
    hook(inspector.response(flow))
    record = flow.metadata["samlscope"]
    assert record["evaluated_at"] == "2026-11-01T09:01:30Z"
    assert flow.response.content == b"ok"


@pytest.mark.parametrize(
    "method,url,watched",
    [
        ("POST", ACS, True),
        ("POST", "https://signin.aliyun.com/saml-role/sso", True),
        ("POST", "https://signin.aliyun.com/1234567890123456/saml/SSO", True),
        ("POST", "https://signin-intl.aliyun.com/1234567890123456/saml/SSO", True),
        ("POST", "https://signin.aliyun.com/other/saml/SSO", False),
        ("GET", ACS, False),
        ("POST", "https://signin.alibabacloud.com/other", False),
        ("POST", "https://example.com/saml-role/sso", False),
    ],
)
def test_which_flows_are_watched(method: str, url: str, watched: bool) -> None:
    flow = tflow.tflow(req=http.Request.make(method, url, b""))
    assert is_alibaba_sso(flow) is watched


def test_other_flows_are_untouched(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    flow = saml_flow(url="https://example.com/acs")
    hook(inspector.request(flow))
    assert flow.response is None and "samlscope" not in flow.metadata
    tctx.configure(inspector, saml_any_acs=True)
    hook(inspector.request(flow))
    assert flow.response is not None  # any ACS: held and analysed


@pytest.mark.parametrize(
    "option,value,message",
    [
        ("saml_profile", "gcp", "not one of"),  # aws is a profile now
        ("saml_skew", -1, "outside"),
        ("saml_idp_metadata", "/nonexistent.xml", "cannot read"),
        ("saml_idp_cert", str(SAMPLES / "entra" / "valid.b64"), "certificate"),
        ("saml_sp_key", str(METADATA), "private key"),
    ],
)
def test_bad_options_are_clear_errors(addon, option: str, value: object, message: str) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    if option == "saml_idp_cert":
        tctx.configure(inspector, saml_idp_metadata="")
    with pytest.raises(exceptions.OptionsError, match=message):
        tctx.configure(inspector, **{option: value})


def test_metadata_and_cert_together_are_refused(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    with pytest.raises(exceptions.OptionsError, match="not both"):
        tctx.configure(inspector, saml_idp_cert=str(SAMPLES / "idp" / "test-idp-cert.pem"))


class Explodes(Rule):
    """TEST999 explodes (a rule with a bug, to prove the proxy survives it)"""

    code, name, severity, fix = "TEST999", "explodes", Severity.ERROR, "-"

    def check(self, ctx):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")


def test_analysis_error_is_logged_and_the_flow_goes_on(addon, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    inspector, _ = addon
    monkeypatch.setattr(
        "samlscope.analysis.login_rules", lambda cloud: (*registry.login_rules(cloud), Explodes())
    )
    flow = saml_flow()
    hook(inspector.request(flow))
    assert flow.response is None  # not held: it goes upstream
    flow.response = http.Response.make(302, b"", {"Location": "https://home.console.aliyun.com/"})
    hook(inspector.response(flow))
    assert flow.response.status_code == 302 and "samlscope" not in flow.metadata
    assert "analysis failed" in caplog.text and "boom" in caplog.text


@pytest.mark.parametrize(
    "body",
    [form(), b"SAMLResponse=" + b"A" * 3_000_000, b"RelayState=x", b"\xff\xfe" * 10],
    ids=["rule-raises", "over-the-cap", "no-saml-field", "binary"],
)
def test_hold_fails_closed(addon, monkeypatch, body: bytes) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    monkeypatch.setattr(
        "samlscope.analysis.login_rules", lambda cloud: (*registry.login_rules(cloud), Explodes())
    )
    flow = saml_flow(body=body)
    hook(inspector.request(flow))
    assert flow.response is not None, "a held POST must never go upstream"
    page = flow.response.get_text()
    assert "not</strong> forwarded" in page or "held at the proxy" in page
    assert flow.metadata.get("samlscope_held")


def test_hold_fails_closed_when_the_analysis_runs_out_of_time(addon, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True, saml_timeout=1)

    def slow(*args: object, **kw: object) -> None:
        time.sleep(1.5)

    monkeypatch.setattr("samlscope.analysis.analyse", slow)
    flow = saml_flow()
    hook(inspector.request(flow))
    assert flow.response is not None
    assert "longer than 1 s" in flow.response.get_text()
    # The abandoned analysis still occupies the one worker: wait until it has run out, so
    # the next test's analysis does not queue behind it.
    from samlscope.addon.inspector import _worker

    _worker().submit(lambda: None).result(timeout=10)


def test_report_file_is_0600_json_lines_and_survives_a_torn_line(addon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    path = tmp_path / "saml.jsonl"
    tctx.configure(inspector, saml_report=str(path))
    for _ in range(2):
        flow = saml_flow()
        flow.response = http.Response.make(
            302, b"", {"Location": "https://home.console.aliyun.com/"}
        )
        hook(inspector.response(flow))
    with open(path, "ab") as fh:
        fh.write(b'{"torn":')  # a crash in the middle of a write
    hook(inspector.response(saml_flow()))
    lines = path.read_bytes().splitlines()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    records = [json.loads(line) for line in lines if line != b'{"torn":']
    assert len(records) == 3 and all(r["signature"]["status"] == "valid" for r in records)


def test_an_existing_report_file_is_made_owner_only_and_kept(addon, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    path = tmp_path / "saml.jsonl"
    path.write_bytes(b'{"earlier": 1}\n')
    path.chmod(0o644)
    tctx.configure(inspector, saml_report=str(path))
    flow = saml_flow()
    flow.response = http.Response.make(302, b"", {"Location": "https://home.console.aliyun.com/"})
    hook(inspector.response(flow))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_bytes().splitlines()
    assert lines[0] == b'{"earlier": 1}' and len(lines) == 2


def test_content_view_shows_findings_and_xml(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, _ = addon
    flow = saml_flow()
    flow.response = http.Response.make(200, b"", {})
    hook(inspector.response(flow))
    text = saml_view.prettify_form(flow.request.content or b"", flow)
    assert "samlscope: no problem found" in text and "<saml:Assertion" not in text
    assert "acs:ram::1234567890123456:role/aadrole" in text
    assert saml_view.priority(flow.request.content or b"", saml_view.FORM) > 1


def test_script_loads_like_dash_s() -> None:
    with taddons.context() as tctx:
        module = tctx.script(str(Path(__file__).parents[2] / "addon" / "saml_inspector.py"))
        assert isinstance(module.addons[0], SamlInspector)


def test_comment_holds_verdict_and_codes_and_the_mark_shows_the_verdict(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    reversed_role = base64.b64decode((SAMPLES / "rules" / "ALI303" / "fail.b64").read_text())
    bad, good = saml_flow(body=form(reversed_role)), saml_flow()
    hook(inspector.request(bad))
    hook(inspector.request(good))
    # a held flow says so first: mitmweb shows the local answer as a 200
    held = "samlscope: held here, not forwarded · "
    assert bad.comment == held + "login will fail: 1 error [ALI303]" and bad.marked == ":x:"
    assert good.comment == held + "no problem found: this response should log in"
    assert good.marked == ":white_check_mark:"


def test_content_view_shows_every_finding_with_its_fix_wrapped(addon) -> None:  # type: ignore[no-untyped-def]
    inspector, tctx = addon
    tctx.configure(inspector, saml_hold=True)
    reversed_role = base64.b64decode((SAMPLES / "rules" / "ALI303" / "fail.b64").read_text())
    flow = saml_flow(body=form(reversed_role))
    hook(inspector.request(flow))
    text = saml_view.prettify_form(flow.request.content, flow)
    head = text.split("<")[0]
    assert "ALI303 role-arn-order" in head and "fix: Set the app role Value" in head
    assert all(len(line) <= 78 or " " not in line.strip() for line in head.splitlines())
