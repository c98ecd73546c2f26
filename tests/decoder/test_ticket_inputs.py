"""Inputs straight from a ticket: a SAMLResponse in e-mail or chat prose, quoted with `>`,
wrapped by a mail client, quoted-printable, or as a form line; a zlib-compressed `.zhar`."""

from __future__ import annotations

import quopri
import zlib
from pathlib import Path

import pytest

from helpers import SAMPLE_AT, SAMPLES, run_cli

B64 = "".join((SAMPLES / "entra" / "valid.b64").read_text().split())


def wrapped(value: str, width: int = 76) -> str:
    return "\n".join(value[i : i + width] for i in range(0, len(value), width))


CASES = {
    "prose": f"Hi team, the user got an error. Here is the response: {B64} , thanks! -- Bob",
    "quoted": "On Monday Alice wrote:\n> Here it is:\n> "
    + wrapped(B64).replace("\n", "\n> ")
    + "\n> Regards",
    "quoted-printable": "Content-Transfer-Encoding: quoted-printable\n\nSAMLResponse=3D"
    + quopri.encodestring(B64.encode()).decode()
    + "\n",
    "form-line": f"The browser posted this:\nSAMLResponse={B64}"
    "&RelayState=https%3A%2F%2Fecs.console.aliyun.com%2F\nthat is all.",
    "mail-wrapped": "Response below\n\n" + wrapped(B64) + "\n\n-- \nSent from my phone",
}


@pytest.mark.parametrize("name", CASES)
def test_a_response_pasted_into_text_is_found(name: str, tmp_path: Path) -> None:
    path = tmp_path / "ticket.txt"
    path.write_text(CASES[name])
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, str(path))
    report = result.report
    assert report["message"] is not None, report["findings"]
    assert report["message"]["issuer"].startswith("https://sts.windows.net/")
    assert any("in the text" in n for n in report["message"]["decoding"]), report["message"][
        "decoding"
    ]
    if name == "form-line":
        assert report["relay_state"] == "https://ecs.console.aliyun.com/"


def test_text_without_a_response_is_still_saml001(tmp_path: Path) -> None:
    path = tmp_path / "ticket.txt"
    path.write_text("Hi, login fails with an error page, can you help? Thanks, Bob")
    assert run_cli("inspect", "--json", str(path)).codes == ["SAML001"]


def test_a_zlib_compressed_har_is_read(tmp_path: Path) -> None:
    path = tmp_path / "logins.zhar"
    path.write_bytes(zlib.compress((SAMPLES / "captures" / "logins.har").read_bytes()))
    result = run_cli("inspect", "--format", "brief", str(path))
    assert len(result.stdout.splitlines()) == 3 and "[ALI303]" in result.stdout


def test_a_damaged_zhar_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.zhar"
    path.write_bytes(
        zlib.compress((SAMPLES / "captures" / "logins.har").read_bytes())[:300] + b"\x00" * 50
    )
    result = run_cli("inspect", str(path))
    assert result.code == 2 and result.stderr.count("\n") <= 2


def test_a_zhar_on_stdin_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    data = zlib.compress((SAMPLES / "captures" / "logins.har").read_bytes())
    result = run_cli("inspect", "--format", "brief", "-", stdin=data, monkeypatch=monkeypatch)
    assert len(result.stdout.splitlines()) == 3, result.stderr
