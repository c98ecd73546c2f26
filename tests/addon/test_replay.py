"""Replay: a real mitmdump reading the sample flow file with the addon, and `samlscope inspect`
on the same logins as a flow file, a Chrome-shaped HAR and a SAML-tracer export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES, mitmdump_replay, run_cli

CAPTURES = SAMPLES / "captures"
EXPECTED = [[], ["ALI303"], ["TIME201", "TIME203"]]  # the good, reversed-ARN and late logins


def test_mitmdump_replay_reports_each_login(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    done = mitmdump_replay(CAPTURES / "logins.mitm", report)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert [[f["code"] for f in r["findings"]] for r in records] == EXPECTED
    assert [r["outcome"]["verdict"] for r in records] == ["accepted", "rejected", "rejected"]
    assert records[0]["evaluated_at"] == "2026-11-01T09:00:01Z"  # its own time, not now
    assert "login will fail" in done.stdout and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["logins.mitm", "logins.har", "logins.saml-tracer.json"])
def test_inspect_gives_the_same_codes_for_every_format(name: str) -> None:
    result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(CAPTURES / name))
    reports = result.json["reports"]
    assert [[f["code"] for f in r["findings"]] for r in reports] == EXPECTED
    assert result.code == 1


def test_mitmdump_replays_the_har_too(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    done = mitmdump_replay(CAPTURES / "logins.har", report)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in report.read_text().splitlines()]
    assert [[f["code"] for f in r["findings"]] for r in records] == EXPECTED
