"""Start-up: the whole `samlscope inspect` process on one signed Entra response, against

- the floor: a Python process that base64-decodes the same response, parses it with lxml and
  verifies it with python-xmlsec (nothing less can do the job), and
- python3-saml's whole process doing its `is_valid` on the same response.

Runs alternate between the commands, each on a response signed for this run (an expired one
would make python3-saml give up early and look fast); a command that fails stops the bench.
Each ratio is the median of the ratios of neighbouring runs; medians with their range are
shown. Output goes to a pipe, as in a script or a test.

Targets: the whole process at most 1.3x the floor, and at most 0.9x python3-saml's.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from common import BIN, METADATA, SAMPLES, Result, generate, paired_ratio, walls

FLOOR = """
import base64, sys
from lxml import etree
import xmlsec
root = etree.fromstring(base64.b64decode(open(sys.argv[1]).read()))
key = xmlsec.Key.from_file(sys.argv[2], xmlsec.KeyFormat.CERT_PEM)
sig = next(root.iter("{http://www.w3.org/2000/09/xmldsig#}Signature"))
ctx = xmlsec.SignatureContext()
ctx.key = key
ctx.register_id(sig.getparent(), "ID")
ctx.verify(sig)
"""

PYTHON3_SAML = """
import sys
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings
settings = OneLogin_Saml2_Settings({
    "strict": True,
    "sp": {"entityId": "urn:alibaba:cloudcomputing:international",
           "assertionConsumerService": {"url": "https://signin.alibabacloud.com/saml-role/sso"}},
    "idp": {"entityId": "https://sts.windows.net/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/",
            "singleSignOnService": {"url": "https://login.microsoftonline.com/x/saml2"},
            "x509cert": open(sys.argv[2]).read()},
    "security": {"wantAssertionsSigned": True}}, sp_validation_only=True)
request = {"https": "on", "http_host": "signin.alibabacloud.com", "script_name": "/saml-role/sso"}
assert OneLogin_Saml2_Response(settings, open(sys.argv[1]).read().strip()).is_valid(request)
"""


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        response = Path(tmp) / "response.b64"
        response.write_text(generate.b64(generate.xml_bytes(generate.signed(at=now)), wrap=False))
        cert = str(SAMPLES / "idp" / "test-idp-cert.pem")
        inspect = [
            str(BIN / "samlscope"),
            "inspect",
            "--idp-metadata",
            str(METADATA),
            "--endpoint",
            "https://signin.alibabacloud.com/saml-role/sso",
            str(response),
        ]
        cmds = {
            "ours": inspect,
            "floor": [sys.executable, "-c", FLOOR, str(response), cert],
        }
        probe = subprocess.run([sys.executable, "-c", "import onelogin.saml2"], capture_output=True)
        if probe.returncode == 0:
            cmds["python3-saml"] = [sys.executable, "-c", PYTHON3_SAML, str(response), cert]
        timed = walls(cmds, repeats=21, checked={})  # every one must succeed
        mitm = subprocess.run(
            [
                sys.executable,
                "-c",
                "import io, sys; from samlscope.cli import main; main("
                f"{inspect[1:]!r}, stdout=io.StringIO()); print('mitmproxy' in sys.modules)",
            ],
            capture_output=True,
            text=True,
        )
    ours, floor = timed["ours"], timed["floor"]
    to_floor = paired_ratio(ours, floor)
    results = [
        Result(
            "start-up: whole inspect process / floor process",
            to_floor,
            "<= 1.3",
            to_floor <= 1.3,
            f"{ours.ms()} vs {floor.ms()}",
        ),
        Result(
            "start-up: inspect imports mitmproxy (0 = no)",
            0.0 if mitm.stdout.strip() == "False" else 1.0,
            "0",
            mitm.stdout.strip() == "False",
        ),
    ]
    if "python3-saml" in timed:
        theirs = timed["python3-saml"]
        to_theirs = paired_ratio(ours, theirs)
        results.append(
            Result(
                "start-up: whole inspect process / python3-saml's",
                to_theirs,
                "<= 0.9",
                to_theirs <= 0.9,
                f"{ours.ms()} vs {theirs.ms()}",
            )
        )
    else:
        results.append(
            Result(
                "start-up: whole inspect process / python3-saml's",
                0.0,
                "<= 0.9",
                False,
                "python3-saml not installed (make bench installs it)",
            )
        )
    return results
