"""Scale: a HAR with 1,000 SAML POSTs. Peak memory must stay flat in the number of logins (the
same input with 100 POSTs as the reference), and the terminal view must cost at most twice
`--json` on it."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

from common import BIN, METADATA, SAMPLES, Result, peak_rss_mb, walls


def _har(folder: Path, n: int) -> Path:
    har = json.loads((SAMPLES / "captures" / "logins.har").read_text())
    posts = [
        e
        for e in har["log"]["entries"]
        if e["request"]["method"] == "POST" and "saml-role" in e["request"]["url"]
    ]
    har["log"]["entries"] = [copy.deepcopy(posts[i % len(posts)]) for i in range(n)]
    path = folder / f"logins-{n}.har"
    path.write_text(json.dumps(har))
    return path


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = _har(Path(tmp), 100), _har(Path(tmp), 1000)
        args = ["inspect", "--json", "--idp-metadata", str(METADATA)]
        mem_small = peak_rss_mb([*args, str(small)])
        mem_large = peak_rss_mb([*args, str(large)])
        base = [str(BIN / "samlscope"), "inspect", "--idp-metadata", str(METADATA)]
        timed = walls(
            {"json": [*base, "--json", str(large)], "rich": [*base, "--no-color", str(large)]},
            repeats=5,
        )
    ratio = timed["rich"].median / timed["json"].median
    return [
        Result(
            "peak memory, 1,000 SAML POSTs (MB)",
            mem_large,
            "< 60",
            mem_large < 60,
            f"100 POSTs: {mem_small:.1f} MB",
        ),
        Result(
            "memory growth, 100 -> 1,000 POSTs (MB)",
            mem_large - mem_small,
            "< 10",
            mem_large - mem_small < 10,
            "flat in the number of logins",
        ),
        Result(
            "terminal view / --json, 1,000 POSTs",
            ratio,
            "<= 2.0",
            ratio <= 2.0,
            f"{timed['rich'].ms()} vs {timed['json'].ms()}",
        ),
    ]
