"""Outputs never destroy an input: every output path (--html, redact -o, proxy --report, the
addon's saml_report) refuses an input, a link where a link could redirect it, a directory or a
missing folder, with one line and exit 2; a closed pipe ends the run quietly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLES, run_cli

HAR = SAMPLES / "captures" / "logins.har"
SAMLSCOPE = Path(sys.executable).with_name("samlscope")


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    copy = tmp_path / "capture.har"
    shutil.copyfile(HAR, copy)
    return copy


def _unchanged(path: Path) -> None:
    assert path.read_bytes() == HAR.read_bytes()


@pytest.mark.parametrize("how", ["same", "symlink", "hard-link", "dotted"])
def test_html_never_replaces_the_capture(capture: Path, tmp_path: Path, how: str) -> None:
    target = {
        "same": capture,
        "symlink": tmp_path / "link.html",
        "hard-link": tmp_path / "hard.html",
        "dotted": tmp_path / "." / "capture.har",
    }[how]
    if how == "symlink":
        target.symlink_to(capture)
    elif how == "hard-link":
        os.link(capture, target)
    result = run_cli("inspect", "--html", str(target), str(capture))
    assert result.code == 2 and "one of the inputs" in result.stderr
    assert result.stderr.count("\n") == 1
    _unchanged(capture)


def test_html_never_replaces_the_metadata(capture: Path, tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.xml"
    shutil.copyfile(METADATA, metadata)
    result = run_cli(
        "inspect", "--idp-metadata", str(metadata), "--html", str(metadata), str(capture)
    )
    assert result.code == 2 and metadata.read_bytes() == METADATA.read_bytes()


@pytest.mark.parametrize(
    "where,says",
    [("folder", "is a directory"), ("missing/report.html", "does not exist")],
)
def test_a_bad_html_path_is_one_line_and_exit_2(
    capture: Path, tmp_path: Path, where: str, says: str
) -> None:
    (tmp_path / "folder").mkdir()
    result = run_cli("inspect", "--html", str(tmp_path / where), str(capture))
    assert result.code == 2 and says in result.stderr and "internal" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_redact_into_a_missing_folder_is_exit_2(capture: Path, tmp_path: Path) -> None:
    result = run_cli("redact", str(capture), "-o", str(tmp_path / "nope" / "out.har"))
    assert result.code == 2 and "does not exist" in result.stderr
    _unchanged(capture)


def test_proxy_report_refuses_a_link_and_an_input(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.jsonl"
    link = tmp_path / "report.jsonl"
    link.symlink_to(real)
    result = run_cli("proxy", "--report", str(link))
    assert result.code == 2 and "symbolic link" in result.stderr
    metadata = tmp_path / "metadata.xml"
    shutil.copyfile(METADATA, metadata)
    result = run_cli("proxy", "--idp-metadata", str(metadata), "--report", str(metadata))
    assert result.code == 2 and "one of the inputs" in result.stderr


def test_the_addon_refuses_a_linked_report_file(tmp_path: Path) -> None:
    from mitmproxy import exceptions
    from mitmproxy.test import taddons

    from samlscope.addon.inspector import SamlInspector

    link = tmp_path / "report.jsonl"
    link.symlink_to(tmp_path / "target.jsonl")
    inspector = SamlInspector()
    with (
        taddons.context(inspector) as tctx,
        pytest.raises(exceptions.OptionsError, match="symbolic link"),
    ):
        tctx.configure(inspector, saml_report=str(link))
    from samlscope.addon.report_log import append_json_line

    with pytest.raises(OSError):  # and the writer itself never follows one
        append_json_line(str(link), {"a": 1})
    assert not (tmp_path / "target.jsonl").exists()


def test_a_closed_pipe_ends_the_run_quietly() -> None:
    many = [str(HAR)] * 40
    proc = subprocess.Popen(
        [str(SAMLSCOPE), "inspect", "--json", *many],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # `| head -c 100`
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert code == 141, err
    assert err == "", err
