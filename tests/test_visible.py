"""Nothing raw reaches a terminal or a page: invisible, bidi and line-breaking characters in a
value are shown as ⟨U+XXXX⟩ in the terminal and HTML views and kept exact in JSON; libxml2's and
xmlsec's own messages never reach stderr."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import METADATA, SAMPLE_AT, SAMPLES, generator, run_cli
from samlscope.analysis import analyse
from samlscope.decoder.readers.capture import Capture
from samlscope.decoder.signature.trust import load_metadata
from samlscope.decoder.timeutil import parse_instant
from samlscope.rules.context import Config
from samlscope.view.html_page import render_html

TRICKS = {
    "\u202e": "⟨U+202E⟩",  # right-to-left override: role/admin shown as role/nimda
    "\u200e": "⟨U+200E⟩",  # left-to-right mark
    "\u200b": "⟨U+200B⟩",  # zero-width space
    "\u2028": "⟨U+2028⟩",  # line separator
    "\n": "⟨U+000A⟩",  # a newline that would fake a report line
    "\u2066": "⟨U+2066⟩",  # left-to-right isolate
    "\ufeff": "⟨U+FEFF⟩",  # zero-width no-break space
}


@pytest.fixture(scope="module")
def tricked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    g = generator()
    name = "alice" + "".join(TRICKS) + "nimda@contoso.example"
    attributes = {**g.default_attributes(name), g.ROLE_NS + "Role": [g.ROLE + "\u202e"]}
    path = tmp_path_factory.mktemp("visible") / "tricked.b64"
    path.write_text(g.b64(g.xml_bytes(g.signed(name_id=name, attributes=attributes))))
    return path


def test_terminal_shows_every_invisible_character(
    tricked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no value folds inside a mark
    result = run_cli("inspect", "--no-color", "--at", SAMPLE_AT, str(tricked))
    for raw, shown in TRICKS.items():
        if raw != "\n":
            assert raw not in result.stdout
        assert shown in result.stdout, shown
    assert "alice⟨U+202E⟩" in result.stdout


def test_json_keeps_the_exact_value(tricked: Path) -> None:
    report = run_cli("inspect", "--json", "--at", SAMPLE_AT, str(tricked)).report
    name_id = report["message"]["subject"]["name_id"]
    assert name_id == "alice" + "".join(TRICKS) + "nimda@contoso.example"


def test_html_shows_every_invisible_character(tricked: Path) -> None:
    capture = Capture(str(tricked), value=tricked.read_text())
    report = analyse(capture, Config(at=parse_instant(SAMPLE_AT)), load_metadata(str(METADATA)))
    page = render_html(report, show_identities=True)
    for raw, shown in TRICKS.items():
        if raw != "\n":
            assert raw not in page
        assert shown in page


def test_libxml2_never_writes_attacker_bytes_to_stderr(tmp_path: Path) -> None:
    """A decrypted plaintext that is not XML: libxml2 used to print it raw on stderr (fd 2)."""
    g = generator()
    path = tmp_path / "bad-plaintext.b64"
    path.write_text(g.b64(g.encrypted(b"<x>\x1b]0;pwned\x07 <unclosed")))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "samlscope",
            "inspect",
            "--json",
            "--at",
            SAMPLE_AT,
            "--sp-key",
            str(SAMPLES / "idp" / "test-sp-key.NOT-A-SECRET.pem"),
            str(path),
        ],
        capture_output=True,
        timeout=60,
    )
    assert proc.stderr == b"", proc.stderr
    report = json.loads(proc.stdout)["reports"][0]
    saml020 = [f for f in report["findings"] if f["code"] == "SAML020"]
    assert saml020 and saml020[0]["evidence"]["kind"] == "not-xml"
    assert "\x1b" not in proc.stdout.decode()  # JSON escapes it
    assert base64.b64encode(b"pwned").decode() not in proc.stdout.decode()
