"""The output formats a support engineer pastes, shares and scans: ticket, brief, jsonl,
streamed JSON, XML, HTML, and the summary over several logins with grouped causes."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLE_AT, SAMPLES, run_cli

HAR = SAMPLES / "captures" / "logins.har"
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[│┃║─━┌┐└┘├┤┬┴┼╭╮╯╰]")


def inspect(*args: str) -> object:
    return run_cli("inspect", "--idp-metadata", str(METADATA), *args)


def test_ticket_is_plain_72_columns_and_masked() -> None:
    result = inspect("--format", "ticket", str(HAR))
    out = result.stdout  # type: ignore[attr-defined]
    assert not ANSI.search(out) and not BOX.search(out)
    for line in out.splitlines():
        assert line == line.rstrip(), f"trailing space: {line!r}"
        if len(line) > 72:  # only a single token too long to break may stand alone
            assert " " not in line.strip(), line
    assert "alice@contoso.example" not in out and "a***e@contoso.example" in out
    blocks = out.split("\n\n3 logins")[0].split("samlscope: ")[1:]
    assert len(blocks) == 3 and all(len(b.splitlines()) <= 30 for b in blocks)
    assert "Value to paste:" in out
    assert (
        "acs:ram::1234567890123456:role/aadrole,acs:ram::1234567890123456:saml-provider/AAD" in out
    )
    assert "Signer thumbprint (as Entra shows it):" in out
    shown = inspect("--format", "ticket", "--show-identities", str(HAR)).stdout  # type: ignore[attr-defined]
    assert "alice@contoso.example" in shown


def test_brief_is_one_line_per_login() -> None:
    lines = inspect("--format", "brief", str(HAR)).stdout.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 3
    assert lines[1].startswith(f"{HAR}#entry4  2026-11-01T09:00:30Z  login will fail")
    assert lines[1].endswith("[ALI303]")


def test_jsonl_and_streamed_json_hold_the_same_reports() -> None:
    jsonl = inspect("--format", "jsonl", str(HAR)).stdout.splitlines()  # type: ignore[attr-defined]
    document = json.loads(inspect("--json", str(HAR)).stdout)  # type: ignore[attr-defined]
    assert [json.loads(line) for line in jsonl] == document["reports"]
    assert document["tool"]["name"] == "samlscope" and len(document["reports"]) == 3


def test_nothing_is_written_when_no_login_is_found(tmp_path: Path) -> None:
    empty = tmp_path / "empty.har"
    empty.write_text('{"log": {"entries": []}}')
    html = tmp_path / "report.html"
    result = inspect("--json", "--html", str(html), str(empty))
    assert result.code == 2 and result.stdout == "" and not html.exists()  # type: ignore[attr-defined]
    assert not list(tmp_path.glob(".samlscope-html-*"))


def test_xml_is_pretty_and_sanitised() -> None:
    out = inspect("--xml", "--at", SAMPLE_AT, str(SAMPLES / "entra" / "valid.b64")).stdout  # type: ignore[attr-defined]
    assert out.startswith("<!-- samlscope: ") and "<samlp:Response" in out
    assert "\n  <Issuer" in out or "\n  <saml:Issuer" in out or "\n  <ns0:Issuer" in out


def test_many_logins_end_with_a_summary_and_grouped_causes() -> None:
    wrong_site = str(SAMPLES / "rules" / "SAML013" / "fail.b64")
    result = run_cli(
        "inspect",
        "--format",
        "ticket",
        "--at",
        SAMPLE_AT,
        "--idp-metadata",
        str(METADATA),
        "--endpoint",
        "https://signin.alibabacloud.com/saml-role/sso",
        wrong_site,
        wrong_site,
        str(SAMPLES / "entra" / "valid.b64"),
    )
    out = result.stdout
    assert "3 logins, 2 failing" in out
    assert "set up for the China site" in out and "2 logins (#1, #2)" in out
    stale = inspect(
        "--format",
        "brief",
        str(SAMPLES / "entra" / "valid.b64"),
        str(SAMPLES / "entra" / "valid.b64"),
    )
    assert len(stale.stdout.splitlines()) == 2  # type: ignore[attr-defined]
    rich = inspect(
        "--no-color", str(SAMPLES / "entra" / "valid.b64"), str(SAMPLES / "entra" / "valid.b64")
    )
    assert "Stale captures judged long after issue" in rich.stdout  # type: ignore[attr-defined]
    assert "Pass --at" in rich.stdout  # type: ignore[attr-defined]


def test_html_report_is_private_standalone_and_masked(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = inspect("--format", "brief", "--html", str(html), str(HAR))
    assert result.code == 1
    page = html.read_text()
    assert stat.S_IMODE(html.stat().st_mode) == 0o600
    assert "alice@contoso.example" not in page and "a***e@contoso.example" in page
    assert "<script" not in page and 'http-equiv="Content-Security-Policy"' in page
    assert "src=" not in page  # nothing external: the only links jump within the page
    assert all(link.startswith("#login-") for link in re.findall(r'href="([^"]*)"', page))
    assert '<a href="#login-2">' in page and 'id="login-2"' in page
    assert page.index('id="login-2"') < page.index('id="login-1"')  # failing logins first
    assert (
        page.index('id="findings"') < page.index("<h2>Roles</h2>") < page.index("<h2>Claims</h2>")
    )
    assert "SignatureValue" not in page


def test_a_run_that_fails_midway_leaves_no_html_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in a rule (exit 3) after the HTML was started: no file, no temporary file."""
    html = tmp_path / "report.html"

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    from samlscope import analysis

    real = analysis.analyse
    calls = []

    def second_fails(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return boom() if len(calls) == 2 else real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "analyse", second_fails)
    result = inspect("--format", "brief", "--html", str(html), str(HAR))
    assert result.code == 3  # type: ignore[attr-defined]
    assert not html.exists() and not list(tmp_path.glob(".samlscope-html-*"))


def test_a_pasted_response_without_a_time_counts_only_real_errors(tmp_path: Path) -> None:
    """Issue: a pasted response without --at said "3 errors" (two TIME201 that exist only
    because no time was known) and pasted them into the ticket."""
    path = SAMPLES / "rules" / "ALI303" / "fail.b64"
    result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(path))
    report = result.json["reports"][0]
    assert [f["code"] for f in report["findings"]] == ["ALI303"]
    assert report["verdict"] == "login will fail: 1 error"
    assert report["login_kind"] == "Alibaba Cloud role-based SSO"
    ticket = run_cli("inspect", "--format", "ticket", "--idp-metadata", str(METADATA), str(path))
    assert "TIME201" not in ticket.stdout and "Note: time unknown" in ticket.stdout
    assert "Capture: login 1 (fail.b64)" in ticket.stdout and str(SAMPLES) not in ticket.stdout


def test_several_logins_are_shown_for_triage() -> None:
    """The summary first, then the failing logins, then the others; one numbering (login N =
    the summary's #N = diff FILE#N)."""
    har = SAMPLES / "captures" / "logins.har"
    for fmt in ("ticket", "rich"):
        out = run_cli("inspect", "--format", fmt, "--idp-metadata", str(METADATA), str(har)).stdout
        assert out.index("3 logins, 2 failing") < out.index("login 2")
        assert out.index("login 2") < out.index("login 3") < out.index("login 1")
    diff = run_cli("diff", "--json", f"{har}#1", f"{har}#2").json
    assert diff["differences"]
