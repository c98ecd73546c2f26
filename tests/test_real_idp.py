"""A real IdP end to end: headless Chromium (Debian's, driven by Playwright) starts an
IdP-initiated login at a local SimpleSAMLphp, signs in, and SimpleSAMLphp's page posts the
response through mitmdump with samlscope's addon in hold mode. Every case is a configuration a
real admin gets wrong, set in SimpleSAMLphp (a user's attributes, an SP entry's entity ID or
signing options), never in the response. One IdP, one proxy and one browser serve the session;
nothing leaves the machine (the offline guard refuses every non-loopback connection)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import real_idp
from helpers import (
    CHROMIUM,
    free_port,
    inspect_json,
    launch_chromium,
    proxy_command,
    stop,
    wait_for_port,
    write_file,
)

IN_CI = os.environ.get("CI") == "true"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)"
    if not real_idp.available():
        return real_idp.MISSING
    return None


if (reason := _missing()) is not None:
    if IN_CI:  # CI installs both: a missing one is a broken run, said in one line
        raise pytest.UsageError(f"CI=true but {reason}")
    pytestmark = pytest.mark.skip(reason=reason)


class Session:
    def __init__(self, idp: real_idp.Idp, report: Path, browser: Any) -> None:
        self.idp, self.report, self.browser = idp, report, browser
        self.seen = 0
        self.posted: list[str] = []
        """The form bodies the browser posted to the SP, as SimpleSAMLphp made them."""

    def login(self, sp: str, user: str) -> tuple[str, dict[str, Any]]:
        """Sign in at SimpleSAMLphp as `user` to `sp`: the hold page's text and the addon's
        report line for the POST."""
        context = self.browser.new_context(ignore_https_errors=True)
        try:
            page = context.new_page()
            page.on(
                "request",
                lambda r: (
                    self.posted.append(r.post_data or "")
                    if r.method == "POST" and r.url.startswith("https://")
                    else None
                ),
            )
            page.goto(self.idp.start_url(sp))
            page.fill("#username", user)
            page.fill("#password", real_idp.PASSWORD)
            with page.expect_navigation(url=lambda u: u.startswith("https://"), timeout=30_000):
                page.press("#password", "Enter")
            page.wait_for_selector("h1", timeout=30_000)
            body = page.inner_text("body")
        finally:
            context.close()
        lines = self.report.read_text().splitlines()
        assert len(lines) == self.seen + 1, lines
        self.seen += 1
        return body, json.loads(lines[-1])


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("simplesamlphp")
    with real_idp.running(root / "idp") as idp:
        port, report = free_port(), root / "report.jsonl"
        cmd = proxy_command(
            port,
            root / "mitmproxy",
            "saml_hold=true",
            f"saml_report={report}",
            metadata=idp.metadata,
        )
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            wait_for_port(port, proc)
            with sync_playwright() as p:
                browser = launch_chromium(
                    p,
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    proxy={"server": f"http://127.0.0.1:{port}"},
                )
                try:
                    yield Session(idp, report, browser)
                finally:
                    browser.close()
        finally:
            stop(proc)


def codes(record: dict[str, Any]) -> set[str]:
    return {f["code"] for f in record["findings"]}


def test_a_good_alibaba_login_is_held_and_valid(session: Session) -> None:
    body, record = session.login("urn:alibaba:cloudcomputing:international", "alice")
    assert "SAML login held at the proxy" in body
    assert "no problem found: this response should log in" in body, body
    assert record["signature"]["status"] == "valid" and record["findings"] == []
    assert record["endpoint"] == real_idp.INTL_ACS


CASES = [
    # (SP entity ID in SimpleSAMLphp, user, verdict, the finding it must give)
    ("urn:alibaba:cloudcomputing:international", "bob", "fail", "ALI303"),
    ("urn:alibaba:cloudcomputing:international", "carol", "fail", "ALI302"),
    ("urn:alibaba:cloudcomputing", "alice", "pass", None),
    (real_idp.USER_SSO, "alice", "pass", None),
    ("urn:samlscope:test:other-site", "alice", "fail", "SAML013"),
    ("https://signin.aws.amazon.com/saml", "dave", "pass", None),
    ("urn:amazon:webservices", "dave", "pass", None),
    ("urn:samlscope:test:sha1", "alice", "warn", "SIG105"),
    ("urn:samlscope:test:response-only", "alice", "fail", "SIG108"),
    ("urn:samlscope:test:unsigned", "alice", "fail", "SIG101"),
]


@pytest.mark.parametrize(("sp", "user", "verdict", "code"), CASES)
def test_what_a_real_admin_gets_wrong(
    session: Session, sp: str, user: str, verdict: str, code: str | None
) -> None:
    body, record = session.login(sp, user)
    assert "SAML login held at the proxy" in body
    found = codes(record)
    errors = {f["code"] for f in record["findings"] if f["severity"] == "error"}
    if verdict == "pass":
        assert not errors, record["findings"]
        assert record["signature"]["status"] == "valid"
    elif verdict == "warn":
        assert code in found and not errors, record["findings"]
    else:
        assert code in errors, record["findings"]


def test_a_rolled_key_missing_from_the_uploaded_metadata_then_added(
    session: Session, tmp_path: Path
) -> None:
    """The IdP signs with its current key; the metadata the SP holds has only the previous
    certificate (SIG104), then both (valid): judged on the real IdP's own form body."""
    session.login("urn:alibaba:cloudcomputing:international", "alice")
    form = write_file(tmp_path, "login.form", session.posted[-1])
    current = session.idp.metadata.read_text()
    old_pem = real_idp.key_pair(tmp_path, "previous", "samlscope test IdP (previous)")
    old_b64 = "".join(line for line in old_pem.read_text().splitlines() if "-----" not in line)
    cert = current.split("<ds:X509Certificate>")[1].split("</ds:X509Certificate>")[0]
    only_old = write_file(tmp_path, "old.xml", current.replace(cert, old_b64))
    descriptor = current.split("<md:KeyDescriptor")[1].split("</md:KeyDescriptor>")[0]
    both = current.replace(
        "<md:KeyDescriptor",
        "<md:KeyDescriptor" + descriptor.replace(cert, old_b64) + "</md:KeyDescriptor>"
        "<md:KeyDescriptor",
        1,
    )
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    stale = inspect_json(form, "--at", now, trust=str(only_old))
    assert stale.report["signature"]["status"] != "valid"
    assert "SIG104" in {f["code"] for f in stale.report["findings"]}
    fixed = inspect_json(form, "--at", now, trust=str(write_file(tmp_path, "both.xml", both)))
    assert fixed.report["signature"]["status"] == "valid", fixed.report["findings"]
    assert fixed.report["findings"] == []


@pytest.mark.parametrize(("shift", "code"), [(-600, "TIME202"), (900, "TIME201")])
def test_the_idps_clock_ahead_and_behind(
    session: Session, tmp_path: Path, shift: int, code: str
) -> None:
    """The real IdP's response judged as if the SP's clock were 10 minutes behind the IdP's
    (not yet valid) or 15 minutes ahead (expired): the same relation as an IdP clock off."""
    session.login("urn:alibaba:cloudcomputing:international", "alice")
    form = write_file(tmp_path, "login.form", session.posted[-1])
    at = datetime.fromtimestamp(datetime.now(UTC).timestamp() + shift, UTC)
    result = inspect_json(
        form, "--at", at.strftime("%Y-%m-%dT%H:%M:%SZ"), trust=str(session.idp.metadata)
    )
    assert code in {f["code"] for f in result.report["findings"]}, result.report["findings"]
