"""Replay throughput: a 10,000-flow capture (1% SAML logins), as a flow file and as a HAR.

`samlscope inspect` on both; `mitmdump -nr` with the addon against without it; and the peak
memory of `samlscope inspect` on a 200 MB HAR (streamed, one entry at a time).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from common import (
    BIN,
    METADATA,
    ROOT,
    SAMPLES,
    Result,
    captures,
    generate,
    paired_ratio,
    peak_rss_mb,
    wall,
    walls,
)

sys.path.insert(0, str(SAMPLES))

START = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
FLOWS = 10_000


def exchanges() -> list[captures.Exchange]:
    """10,000 flows; every 100th a login whose response Entra issued just before it was posted."""
    out = []
    for i in range(FLOWS):
        at = START + dt.timedelta(milliseconds=50 * i)
        if i % 100 == 50:
            xml = generate.xml_bytes(generate.signed(at=at.replace(microsecond=0)))
            form = {
                "SAMLResponse": base64.b64encode(xml).decode(),
                "RelayState": "https://ecs.console.aliyun.com/",
            }
            out.append(
                captures.Exchange(
                    "POST",
                    captures.ACS,
                    at,
                    302,
                    form=form,
                    response_headers={"Location": captures.CONSOLE},
                )
            )
        else:
            out.append(
                captures.Exchange(
                    "GET",
                    f"https://www.example.com/item/{i}",
                    at,
                    200,
                    response_body="<p>" + "x" * 400 + "</p>",
                    response_headers={"Content-Type": "text/html"},
                )
            )
    return out


def big_har(path: Path, size_mb: int = 200) -> None:
    """A HAR of about size_mb, written entry by entry (20 SAML logins among large pages)."""
    xml = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
    body = "SAMLResponse=" + quote(base64.b64encode(xml).decode(), safe="")
    page = "y" * 100_000
    entries = (size_mb * 1_000_000) // 100_300
    with open(path, "w") as fh:
        fh.write('{"log": {"version": "1.2", "creator": {"name": "bench"}, "entries": [\n')
        for i in range(entries):
            at = (START + dt.timedelta(seconds=i)).isoformat().replace("+00:00", "Z")
            if i % (entries // 20) == 0:
                request = {
                    "method": "POST",
                    "url": captures.ACS,
                    "headers": [],
                    "postData": {"mimeType": "application/x-www-form-urlencoded", "text": body},
                }
                content = {"size": 0, "mimeType": "text/html", "text": ""}
            else:
                request = {"method": "GET", "url": f"https://www.example.com/{i}", "headers": []}
                content = {"size": len(page), "mimeType": "text/html", "text": page}
            entry = {
                "startedDateTime": at,
                "time": 1,
                "request": request,
                "response": {"status": 200, "headers": [], "content": content},
            }
            fh.write(("," if i else "") + json.dumps(entry) + "\n")
        fh.write("]}}\n")


def run() -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ex = exchanges()
        mitm, har = folder / "capture.mitm", folder / "capture.har"
        mitm.write_bytes(captures.flow_file(ex))
        har.write_text(captures.har(ex))
        inspect = [str(BIN / "samlscope"), "inspect", "--json", "--idp-metadata", str(METADATA)]
        t_mitm = wall([*inspect, str(mitm)], repeats=3)
        t_har = wall([*inspect, str(har)], repeats=3)
        results.append(
            Result(
                "replay: inspect 10,000-flow .mitm (seconds)",
                t_mitm,
                "report",
                True,
                f"{FLOWS / t_mitm:,.0f} flows/s",
            )
        )
        results.append(
            Result(
                "replay: inspect 10,000-entry HAR (seconds)",
                t_har,
                "report",
                True,
                f"{FLOWS / t_har:,.0f} entries/s",
            )
        )
        dump = [str(BIN / "mitmdump"), "-nr", str(mitm), "--set", f"confdir={folder / 'conf'}"]
        addon = [
            "-s",
            str(ROOT / "addon" / "saml_inspector.py"),
            "--set",
            f"saml_idp_metadata={METADATA}",
        ]
        # The baseline runs the same gc.freeze() the addon does, so the addon's speed-up of
        # mitmproxy itself is not counted as ours. Alternating runs, so drift falls on both
        # alike; medians, with their ranges.
        baseline = ["-s", str(ROOT / "bench" / "freeze_baseline.py")]
        timed = walls({"plain": [*dump, *baseline], "addon": [*dump, *addon]}, repeats=5)
        plain_t, addon_t = timed["plain"], timed["addon"]
        ratio = addon_t.median / plain_t.median
        results.append(
            Result(
                "replay: mitmdump -nr with addon / with gc.freeze() only",
                ratio,
                "<= 1.10",
                ratio <= 1.10,
                f"{addon_t.median:.2f} s [{addon_t.low:.2f}-{addon_t.high:.2f}] vs "
                f"{plain_t.median:.2f} s [{plain_t.low:.2f}-{plain_t.high:.2f}]",
            )
        )
        big = folder / "big.har"
        big_har(big)
        peak = peak_rss_mb(["inspect", "--json", "--idp-metadata", str(METADATA), str(big)])
        size = big.stat().st_size / 1e6
        results.append(
            Result(
                f"replay: peak memory, inspect {size:.0f} MB HAR (MB)", peak, "< 150", peak < 150
            )
        )
        # Reading the HAR entry by entry, each decoded once (and its 20 logins analysed),
        # against Python's json.load of the same file into memory.
        load = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))"]
        timed = walls(
            {"inspect": [*inspect, str(big)], "json.load": [*load, str(big)]},
            repeats=5,
            checked={"inspect": (0, 1)},  # 1: the logins' own findings
        )
        ratio = paired_ratio(timed["inspect"], timed["json.load"])
        results.append(
            Result(
                f"replay: inspect {size:.0f} MB HAR / json.load of it",
                ratio,
                "<= 1.0",
                ratio <= 1.0,
                f"{timed['inspect'].ms()} vs {timed['json.load'].ms()}",
            )
        )
    return results
