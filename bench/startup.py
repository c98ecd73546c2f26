"""Start-up: `samlscope inspect` on one raw response, against importing its three libraries."""

from __future__ import annotations

import subprocess
import sys

from common import BIN, METADATA, SAMPLES, Result, wall


def run() -> list[Result]:
    inspect = [
        str(BIN / "samlscope"),
        "inspect",
        "--idp-metadata",
        str(METADATA),
        str(SAMPLES / "entra" / "valid.b64"),
    ]
    floor = wall([sys.executable, "-c", "import lxml.etree, xmlsec, rich"], repeats=15)
    ours = wall(inspect, repeats=15)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import io, sys; from samlscope.cli import main; main("
            f"{inspect[1:]!r}, stdout=io.StringIO()); print('mitmproxy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
    )
    no_mitm = probe.stdout.strip() == "False"
    return [
        Result(
            "start-up: inspect / import lxml+xmlsec+rich",
            ours / floor,
            "<= 4.0",
            ours / floor <= 4.0,
            f"{ours * 1e3:.0f} ms vs {floor * 1e3:.0f} ms",
        ),
        Result(
            "start-up: inspect imports mitmproxy (0 = no)", 0.0 if no_mitm else 1.0, "0", no_mitm
        ),
    ]
