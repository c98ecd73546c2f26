"""Alibaba Cloud CloudSSO as a third service provider: its facts file, its rules, its samples
and its check reader, and nothing in the engine."""

from __future__ import annotations

import base64
from pathlib import Path

from mitmproxy import http
from mitmproxy.test import tflow

from helpers import SAMPLES, check_json, generator, inspect_json, write_file
from samlscope.addon.inspector import is_sso_post
from samlscope.facts import endpoint, profile_for_audience

G = generator()
AT = "2026-11-01T09:01:30Z"


def test_a_directory_endpoint_and_entity_id_are_cloudsso() -> None:
    found = endpoint(G.CLOUDSSO_ACS)
    assert found is not None and found.profile.cloud == "cloudsso" and found.kind == "sso"
    us = "https://signin-us-west-1.alibabacloudsso.com/saml/acs/51d298a9-2a3f-4e23-97c7-7ad1cfa9"
    assert endpoint(us) is not None
    found_by_audience = profile_for_audience(G.CLOUDSSO_ENTITY_ID)
    assert found_by_audience is not None and found_by_audience.name == "alibaba-cloudsso"
    assert endpoint("https://signin-cn-shanghai.alibabacloudsso.com/other") is None
    assert (
        endpoint("https://signin-cn-shanghai.alibabacloudsso.com.evil.example/saml/acs/1a2b3c4d5e")
        is None
    )


def test_the_addon_watches_cloudsso_by_default() -> None:
    flow = tflow.tflow(req=http.Request.make("POST", G.CLOUDSSO_ACS, b"SAMLResponse=x"))
    assert is_sso_post(flow)


def test_a_good_cloudsso_login_is_judged_by_its_own_profile(tmp_path: Path) -> None:
    result = inspect_json(SAMPLES / "cloudsso" / "valid.b64", "--at", AT)
    assert result.report["profile"] == "alibaba-cloudsso"
    assert result.code == 0 and result.codes == []


def test_a_ram_role_sso_assertion_posted_to_cloudsso_is_named(tmp_path: Path) -> None:
    path = SAMPLES / "rules" / "ALI315" / "fail.b64"
    result = inspect_json(path, "--at", AT, "--endpoint", G.CLOUDSSO_ACS)
    assert "ALI315" in result.codes
    assert not any(c.startswith(("ALI30", "AWS")) for c in result.codes)  # no RAM role rules


def test_a_cloudsso_assertion_posted_to_ram_is_named(tmp_path: Path) -> None:
    path = write_file(tmp_path, "c.b64", base64.b64encode(G.cloudsso()).decode())
    result = inspect_json(path, "--at", AT, "--endpoint", G.INTL_ACS)
    finding = next(f for f in result.report["findings"] if f["code"] == "ALI310")
    assert "CloudSSO" in finding["message"]


def test_cloudssos_answer_is_tied_to_the_finding_that_explains_it(tmp_path: Path) -> None:
    opaque = G.cloudsso("3f2a7c1e-9b4d-4e8f-a6b2-7c1d9e0f3a5b")
    har = G.captures.har(G.captures.cloudsso_answered(opaque, G.SAMPLE_TIME, "InvalidSubjectValue"))
    result = inspect_json(write_file(tmp_path, "refused.har", har), "--at", AT)
    finding = next(f for f in result.report["findings"] if f["code"] == "ALI316")
    assert finding["evidence"]["explained_by"] == ["ALI314"]
    unexplained = inspect_json(SAMPLES / "rules" / "ALI316" / "fail.har", "--at", AT)
    finding = next(f for f in unexplained.report["findings"] if f["code"] == "ALI316")
    assert "CloudSSO users" in finding["message"]


def test_check_reads_the_directorys_sp_and_idp_answers(tmp_path: Path) -> None:
    good = SAMPLES / "rules" / "CFG412" / "pass"
    doc = check_json(*sorted(good.iterdir()), at=AT)
    kinds = {i["kind"] for i in doc["inputs"]}
    assert {"cloudsso-sp", "cloudsso-idp"} <= kinds
    assert doc["findings"] == []
    assert doc["logins"][0]["signature"]["status"] == "valid"
    # CloudSSO holding a stale IdP certificate: CFG401 in CloudSSO's words
    stale = G.cloudsso_idp(G.metadata(["test-idp-cert-expired.pem"]))
    files = [p for p in sorted(good.iterdir()) if p.name != "cloudsso-idp.json"]
    doc = check_json(*files, write_file(tmp_path, "cloudsso-idp.json", stale), at=AT)
    found = [f for f in doc["findings"] if f["code"] == "CFG401"]
    assert found and "CloudSSO" in found[0]["message"], doc["findings"]
