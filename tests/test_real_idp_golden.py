"""SimpleSAMLphp's own output, saved from one run of the real IdP (tests/real_idp.py, `python
tests/real_idp.py samples/simplesamlphp`), replayed without PHP: each login judged at its own
IssueInstant against the IdP's own metadata."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs

import pytest

from helpers import SAMPLES, inspect_json

FOLDER = SAMPLES / "simplesamlphp"
EXPECTED = {
    # sample: (signature status, the error or warning it must give; None: no finding)
    "alibaba-valid": ("valid", None),
    "alibaba-cn-valid": ("valid", None),
    "user-sso-valid": ("valid", None),
    "alibaba-reversed-role": ("valid", "ALI303"),
    "alibaba-no-session-name": ("valid", "ALI302"),
    "aws-valid": ("valid", None),
    "sha1": ("valid", "SIG105"),
    "unsigned": ("unsigned", "SIG101"),
}


def _issued(form: str) -> str:
    xml = base64.b64decode(parse_qs(form)["SAMLResponse"][0]).decode()
    found = re.search(r'IssueInstant="([^"]+)"', xml)
    assert found is not None
    return found[1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_simplesamlphp_output_replays(name: str) -> None:
    path = FOLDER / f"{name}.form"
    status, code = EXPECTED[name]
    result = inspect_json(
        path, "--at", _issued(path.read_text()), trust=str(FOLDER / "idp-metadata.xml")
    )
    report = result.report
    assert report["signature"]["status"] == status, report["signature"]
    codes = [f["code"] for f in report["findings"]]
    if code is None:
        assert codes == [], report["findings"]
    else:
        assert code in codes, report["findings"]


def test_every_saved_case_is_judged() -> None:
    assert {p.stem for p in FOLDER.glob("*.form")} == set(EXPECTED)
