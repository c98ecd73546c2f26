"""The one-page HTML report in real Chromium (Debian's, driven by Playwright): readable at
390 px with nothing scrolling sideways, and the verdict and findings above the fold at
1280×720. The screenshots are kept in build/test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import METADATA, ROOT, SAMPLES, launch_chromium, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "build" / "test-artifacts"
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)",
)


@pytest.mark.parametrize(
    ("width", "height"), [(390, 844), (1280, 720)], ids=["phone-390", "desktop-1280x720"]
)
def test_html_report_layout(tmp_path: Path, width: int, height: int) -> None:
    from playwright.sync_api import sync_playwright

    html = tmp_path / "report.html"
    # A failing login with long ARNs, many claims and a reversed role: the hard case.
    result = run_cli(
        "inspect",
        "--format",
        "brief",
        "--idp-metadata",
        str(METADATA),
        "--html",
        str(html),
        str(SAMPLES / "captures" / "logins.har"),
    )
    assert result.code == 1 and html.exists()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            blocked: list[str] = []
            page.on(
                "request",
                lambda r: blocked.append(r.url) if not r.url.startswith("file:") else None,
            )
            page.goto(html.as_uri())
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            findings_top = page.evaluate(
                "document.querySelector('#findings').getBoundingClientRect().top"
            )
            verdict = page.inner_text(".verdict")
            page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=False)
        finally:
            browser.close()
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    assert findings_top < height, f"the findings start below the fold ({findings_top} px)"
    assert verdict.strip() and blocked == [], blocked
