"""The addon in a real mitmweb: the flow list carries the verdict, and the flow's auto content
view is samlscope's SAML view (findings on top of the decoded XML). mitmweb 12 wants its
session token; 11.0.2 has none (the addon warns about that: CVE-2025-23217)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import METADATA, ROOT, SAMPLES, free_port, stop

MITMWEB = Path(sys.executable).with_name("mitmweb")
SAML_FLOW = "00000000-0000-4000-8000-f00000000004"  # the reversed Role ARN login


def test_mitmweb_shows_verdict_and_saml_view(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "mitmweb.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                str(MITMWEB),
                "-n",
                "-r",
                str(SAMPLES / "captures" / "logins.mitm"),
                "-s",
                str(ROOT / "addon" / "saml_inspector.py"),
                "--set",
                "web_open_browser=false",
                "--web-host",
                "127.0.0.1",
                "--web-port",
                str(port),
                "--set",
                f"confdir={tmp_path / 'conf'}",
                "--set",
                f"saml_idp_metadata={METADATA}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        base = f"http://127.0.0.1:{port}"
        flows = None
        for _ in range(300):
            token = re.search(r"token=(\w+)", log.read_text())
            query = f"?token={token.group(1)}" if token else ""
            try:
                flows = json.load(opener.open(f"{base}/flows{query}", timeout=5))
                if len(flows) == 6:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        assert flows is not None and len(flows) == 6, log.read_text()
        comments = {f["id"]: f.get("comment", "") for f in flows}
        assert comments[SAML_FLOW] == "samlscope: login will fail: 1 error [ALI303]"
        view = json.load(
            opener.open(f"{base}/flows/{SAML_FLOW}/request/content/auto.json{query}", timeout=5)
        )
        text = view["text"] if isinstance(view, dict) and "text" in view else json.dumps(view)
        assert "ALI303" in text and "samlp:Response" in text
    finally:
        stop(proc)
