"""Hold never lets an assertion through: every spelling of a watched endpoint's URL is held, a
release forwards exactly the fields that were analysed, and a compressed body is read within
its budget. Property-tested over URL variants a permissive server routes to the endpoint."""

from __future__ import annotations

import base64
import gzip
import io
import zlib
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy import http
from mitmproxy.test import taddons, tflow

from helpers import METADATA, SAMPLES
from samlscope.addon.inspector import SamlInspector, is_sso_post
from samlscope.urlparts import routed_host, routed_path

VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
VALUE = base64.b64encode(VALID).decode()
FORM = urlencode([("SAMLResponse", VALUE), ("RelayState", "https://ecs.console.aliyun.com/")])
ENDPOINTS = [
    ("signin.alibabacloud.com", "/saml-role/sso"),
    ("signin.aliyun.com", "/saml-role/sso"),
    ("signin-intl.aliyun.com", "/1234567890123456/saml/SSO"),
    ("signin.aliyun.com", "/saml/SSO"),
    ("signin.aws.amazon.com", "/saml"),
    ("eu-central-1.signin.aws.amazon.com", "/saml"),
    ("signin.amazonaws.cn", "/saml/acs/SAMLSP4SHN3UIS2D558H46"),
]


def _run(result: object) -> None:
    import asyncio

    if result is not None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(result)  # type: ignore[arg-type]
        finally:
            loop.close()


@pytest.fixture(scope="module")
def held():  # type: ignore[no-untyped-def]
    inspector = SamlInspector(outfile=io.StringIO())
    with taddons.context(inspector) as tctx:
        tctx.options.add_option("connection_strategy", str, "eager", "as in mitmdump")
        tctx.configure(inspector, saml_idp_metadata=str(METADATA), saml_hold=True)
        yield inspector


def post(
    url: str, body: bytes | str = FORM, headers: dict[str, str] | None = None
) -> http.HTTPFlow:
    data = body.encode() if isinstance(body, str) else body
    request = http.Request.make(
        "POST", url, data, headers or {"Content-Type": "application/x-www-form-urlencoded"}
    )
    request.raw_content = data  # as it came over the wire (make() would encode it again)
    flow = tflow.tflow(req=request, live=True)
    flow.request.timestamp_start = 1793523690.0
    return flow


def is_held(inspector: SamlInspector, flow: http.HTTPFlow) -> bool:
    _run(inspector.request(flow))
    return flow.response is not None and bool(flow.metadata.get("samlscope_held"))


# ----- URL variants -------------------------------------------------------------------------


@st.composite
def spelt(draw: st.DrawFn) -> tuple[str, str]:
    """An endpoint URL spelt another way that a permissive server routes to the same place."""
    host, path = draw(st.sampled_from(ENDPOINTS))
    host = "".join(c.upper() if draw(st.booleans()) else c for c in host)
    if draw(st.booleans()):
        host += "."
    segments = path.strip("/").split("/")
    out = []
    for segment in segments:
        chars = []
        for c in segment:
            choice = draw(st.integers(0, 5))
            chars.append(
                f"%{ord(c):02X}" if choice == 0 else f"%{ord(c):02x}" if choice == 1 else c
            )
        text = "".join(chars)
        if draw(st.integers(0, 3)) == 0:
            text += ";" + draw(st.sampled_from(["jsessionid=1", "x", "a=b;c"]))
        out.append(text)
    joiners = [draw(st.sampled_from(["/", "//", "/./", "/%2F", "/x/../", "/%2e/"])) for _ in out]
    built = "".join(j + s for j, s in zip(joiners, out, strict=True))
    if draw(st.booleans()):
        built += draw(st.sampled_from(["/", "?x=1", "/?a=b", ";y"]))
    return host, built


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(variant=spelt())
def test_every_spelling_of_an_endpoint_is_held(held, variant: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    host, path = variant
    # The router's reading of the variant is the endpoint itself...
    assert routed_host(host) in {h for h, _ in ENDPOINTS}
    assert routed_path(path).lower() in {p.lower() for _, p in ENDPOINTS}
    # ...and the addon holds it.
    flow = post(f"https://{host}{path}")
    assert is_sso_post(flow)
    assert is_held(held, flow), f"forwarded: https://{host}{path}"


@pytest.mark.parametrize(
    "url",
    [
        "https://signin.alibabacloud.com/saml-role/%73so",
        "https://signin.aws.amazon.com/%73aml",
        "https://signin.alibabacloud.com/saml-role/sso;jsessionid=1",
        "https://signin.aws.amazon.com/saml;x",
        "https://signin.alibabacloud.com//saml-role/sso",
        "https://signin.alibabacloud.com/saml-role/./sso",
        "https://signin.alibabacloud.com/saml-role%2Fsso",
        "https://signin.alibabacloud.com./saml-role/sso",
        "https://SIGNIN.ALIBABACLOUD.COM/saml-role/sso",
        "https://signin.alibabacloud.com/saml-role\\sso",
    ],
)
def test_the_reported_forms_are_held(held, url: str) -> None:  # type: ignore[no-untyped-def]
    assert is_held(held, post(url))


@pytest.mark.parametrize(
    "body",
    [
        FORM.replace("SAMLResponse", "samlresponse"),
        FORM.replace("SAMLResponse", "SAML%52esponse"),
        "\t" + FORM,
        "x=1&SAMLResponse%3D" + VALUE,
    ],
    ids=["lower-case", "encoded-name", "tab-name", "encoded-equals"],
)
def test_a_saml_body_to_a_watched_host_at_another_path_is_held(held, body: str) -> None:  # type: ignore[no-untyped-def]
    assert is_held(held, post("https://signin.alibabacloud.com/elsewhere", body))


def test_other_posts_to_a_watched_host_and_other_hosts_go_on(held) -> None:  # type: ignore[no-untyped-def]
    assert not is_held(held, post("https://signin.alibabacloud.com/login", "user=a&pw=b"))
    assert not is_held(held, post("https://example.com/saml-role/sso", FORM))


def test_the_host_header_counts_too(held) -> None:  # type: ignore[no-untyped-def]
    flow = post("https://203.0.113.9/saml-role/sso")
    flow.request.headers["Host"] = "signin.alibabacloud.com"
    assert is_held(held, flow)


# ----- the release binds the body -------------------------------------------------------------


def _release_of(inspector: SamlInspector, flow: http.HTTPFlow) -> tuple[str, list[tuple[str, str]]]:
    assert is_held(inspector, flow)
    page = flow.response.get_text() if flow.response else ""
    import re

    token = re.search(r'name="samlscope_release" value="([^"]+)"', page)
    assert token is not None
    release = inspector._releasable(flow)  # the fields the page posts back
    assert release is not None
    return token.group(1), list(release.fields)


def test_the_exact_release_is_forwarded_with_exactly_the_analysed_fields(held) -> None:  # type: ignore[no-untyped-def]
    url = "https://signin.alibabacloud.com/saml-role/sso"
    token, fields = _release_of(held, post(url))
    back = post(url, urlencode([*fields, ("samlscope_release", token)]))
    assert not is_held(held, back)
    assert back.response is None and back.metadata.get("samlscope_released")
    assert list(back.request.urlencoded_form.items(multi=True)) == fields


@pytest.mark.parametrize(
    "tamper",
    [
        lambda f, t: [*f, ("samlscope_release", t), ("SAMLResponse", "PHNhbWxwOg==")],
        lambda f, t: [("SAMLResponse", "PHNhbWxwOg=="), *f, ("samlscope_release", t)],
        lambda f, t: [
            *[(k, "https://evil.example/" if k == "RelayState" else v) for k, v in f],
            ("samlscope_release", t),
        ],
        lambda f, t: [*reversed(f), ("samlscope_release", t)],
        lambda f, t: [*f[:1], ("samlscope_release", t)],
        lambda f, t: [*f, ("samlscope_release", t), ("samlscope_release", t)],
        lambda f, t: [*f, ("samlscope_release", t), ("extra", "1")],
    ],
    ids=[
        "second-response",
        "response-first",
        "relay-swapped",
        "reordered",
        "dropped-field",
        "two-tokens",
        "extra-field",
    ],
)
def test_an_altered_release_stays_held(held, tamper) -> None:  # type: ignore[no-untyped-def]
    url = "https://signin.alibabacloud.com/saml-role/sso"
    token, fields = _release_of(held, post(url))
    altered = post(url, urlencode(tamper(fields, token)))
    assert is_held(held, altered)
    # and the token is spent: the exact release no longer goes through either
    again = post(url, urlencode([*fields, ("samlscope_release", token)]))
    assert is_held(held, again)


# ----- compressed bodies -------------------------------------------------------------------


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as fh:
        fh.write(b"SAMLResponse=")
        chunk = b"A" * (1 << 20)
        for _ in range(size >> 20):
            fh.write(chunk)
    return out.getvalue()


def test_a_compression_bomb_is_held_with_a_finding_not_inflated(held) -> None:  # type: ignore[no-untyped-def]
    import tracemalloc

    bomb = _bomb(300 << 20)
    assert len(bomb) < 400_000
    flow = post(
        "https://signin.alibabacloud.com/saml-role/sso",
        bomb,
        {"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"},
    )
    tracemalloc.start()
    try:
        assert is_held(held, flow)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 << 20, f"{peak >> 20} MB to hold one POST"
    record = flow.metadata["samlscope"]
    assert [f["code"] for f in record["findings"]][:1] == ["SAML001"]
    assert "expands past" in record["findings"][0]["message"]


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
def test_a_compressed_saml_post_is_read(held, coding: str) -> None:  # type: ignore[no-untyped-def]
    raw = FORM.encode()
    if coding == "gzip":
        body = gzip.compress(raw)
    elif coding == "deflate":
        body = zlib.compress(raw)
    elif coding == "br":
        import brotli

        body = brotli.compress(raw)
    else:  # mitmproxy 11 brings zstandard; mitmproxy 12 does not
        zstandard = pytest.importorskip("zstandard", reason="zstandard is not installed")
        body = zstandard.ZstdCompressor().compress(raw)
    flow = post(
        "https://signin.alibabacloud.com/saml-role/sso",
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": coding},
    )
    assert is_held(held, flow)
    assert flow.metadata["samlscope"]["signature"]["status"] == "valid"


def test_a_multipart_saml_post_is_read(held) -> None:  # type: ignore[no-untyped-def]
    boundary = "----WebKitFormBoundaryx7Yq"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="SAMLResponse"\r\n\r\n{VALUE}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="RelayState"\r\n\r\n'
        f"https://ecs.console.aliyun.com/\r\n--{boundary}--\r\n"
    )
    flow = post(
        "https://signin.alibabacloud.com/saml-role/sso",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert is_held(held, flow)
    record = flow.metadata["samlscope"]
    assert record["signature"]["status"] == "valid"
    assert record["relay_state"] == "https://ecs.console.aliyun.com/"


def test_inspect_of_a_flow_file_with_a_bomb_stays_small(tmp_path: Path) -> None:
    import subprocess
    import sys

    from mitmproxy import io as mio

    flow = post(
        "https://signin.alibabacloud.com/saml-role/sso",
        _bomb(300 << 20),
        {"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "gzip"},
    )
    path = tmp_path / "bomb.mitm"
    with path.open("wb") as fh:
        mio.FlowWriter(fh).add(flow)  # type: ignore[no-untyped-call]
    peak = Path(__file__).parent.parent / "peak_memory.py"
    result = subprocess.run(
        [sys.executable, str(peak), "inspect", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert '"SAML001"' in result.stdout and "expands past" in result.stdout
    rss = float(result.stderr.split("PEAK_RSS_MB")[1].split()[0])
    assert rss < 200, f"{rss} MB"


def test_an_option_given_twice_stops_the_proxy_instead_of_forwarding() -> None:
    """mitmproxy refuses an option given twice together with every samlscope option deferred
    with it, and never calls the addon: saml_hold would be off and a SAML POST forwarded. The
    addon's script stops mitmdump with one line instead (a real mitmdump process)."""
    import subprocess

    from helpers import MITMDUMP, ROOT, free_port

    done = subprocess.run(
        [
            str(MITMDUMP),
            "--listen-host",
            "127.0.0.1",
            "-p",
            str(free_port()),
            "-q",
            "-s",
            str(ROOT / "addon" / "saml_inspector.py"),
            "--set",
            "saml_hold=true",
            "--set",
            f"saml_idp_metadata={METADATA}",
            f"--set=saml_idp_metadata={METADATA}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "samlscope: saml_idp_metadata given more than once: give each option once"
    ]


def test_repeated_options_reads_both_spellings_and_only_samlscopes() -> None:
    from samlscope.addon.inspector import repeated_options

    argv = ["mitmdump", "--set", "saml_hold=true", "--set=saml_hold=false", "--set", "k=1"]
    assert repeated_options([*argv, "--set", "k=2"]) == ["saml_hold"]
    assert repeated_options(["mitmdump", "--set", "saml_hold=true", "--set"]) == []
