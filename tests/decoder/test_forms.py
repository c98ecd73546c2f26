"""The form reader reads what the SP reads: names untrimmed, repeated fields kept and reported
(SAML023), a value encoded twice judged as the SP sees it, multipart forms read in every
capture kind. Property-tested: any form a browser encodes reads back field for field."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import INTL_ACS, METADATA, SAMPLE_AT, SAMPLES, run_cli, write_file
from samlscope.decoder.readers.forms import mentions_saml, multipart_pairs, read_form
from samlscope.urlparts import routed_path

VALID = (SAMPLES / "entra" / "valid.xml").read_bytes().strip()
VALUE = base64.b64encode(VALID).decode()
OTHER = base64.b64encode(VALID.replace(b"Alice", b"Mallory")).decode()
RELAY = "https://ecs.console.aliyun.com/"

names = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=12)
values = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(names.filter(bool), values), max_size=8))
def test_a_urlencoded_form_reads_back_field_for_field(pairs: list[tuple[str, str]]) -> None:
    assert list(read_form(urlencode(pairs).encode()).pairs) == pairs


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(
            st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=12),
            values.filter(lambda v: "--" not in v and "\n" not in v),
        ),
        max_size=6,
    )
)
def test_a_multipart_form_reads_back_field_for_field(pairs: list[tuple[str, str]]) -> None:
    boundary = "----b0undary"
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in pairs
        )
        + f"--{boundary}--\r\n"
    )
    form = read_form(body.encode(), f"multipart/form-data; boundary={boundary}")
    assert form.encoding == "multipart" and list(form.pairs) == pairs
    assert multipart_pairs(body.encode(), boundary) == pairs


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=300), content_type=st.sampled_from([None, "multipart/form-data"]))
def test_any_body_reads_without_raising(body: bytes, content_type: str | None) -> None:
    read_form(body, content_type)
    mentions_saml(body)


@settings(max_examples=200, deadline=None)
@given(path=st.text(max_size=60))
def test_any_path_routes_without_raising(path: str) -> None:
    routed = routed_path(path)
    assert routed.startswith("/") and "//" not in routed and "/./" not in routed + "/"


def test_names_are_not_trimmed() -> None:
    form = read_form(f"\tSAMLResponse={quote(VALUE)}&SAMLResponse={quote(OTHER)}".encode())
    assert form.first("SAMLResponse") == OTHER
    assert form.first("\tSAMLResponse") == VALUE


def _inspect(tmp_path: Path, body: str, name: str = "post.form", *extra: str) -> object:
    path = write_file(tmp_path, name, body)
    return run_cli(
        "inspect", "--json", "--at", SAMPLE_AT, "--endpoint", INTL_ACS,
        "--idp-metadata", str(METADATA), *extra, str(path),
    )  # fmt: skip


def test_two_different_responses_are_an_error_naming_what_each_sp_takes(tmp_path: Path) -> None:
    body = urlencode([("SAMLResponse", VALUE), ("RelayState", RELAY), ("SAMLResponse", OTHER)])
    result = _inspect(tmp_path, body)
    assert result.code == 1  # type: ignore[attr-defined]
    finding = next(f for f in result.report["findings"] if f["code"] == "SAML023")  # type: ignore[attr-defined]
    assert finding["severity"] == "error"
    assert "first" in finding["message"] and "PHP" in finding["message"]
    assert result.report["signature"]["status"] == "valid"  # type: ignore[attr-defined]


def test_a_trimmed_name_judges_the_field_the_servlet_reads(tmp_path: Path) -> None:
    bad = base64.b64encode(b"<samlp:Response").decode()
    body = f"x=1&%09SAMLResponse={quote(VALUE)}&SAMLResponse={quote(bad)}"
    result = _inspect(tmp_path, body)
    codes = result.codes  # type: ignore[attr-defined]
    assert "SAML001" in codes and "SAML023" in codes


def test_a_duplicate_relay_state_with_the_same_value_is_a_warning(tmp_path: Path) -> None:
    body = urlencode([("SAMLResponse", VALUE), ("RelayState", RELAY), ("RelayState", RELAY)])
    result = _inspect(tmp_path, body)
    found = [f for f in result.report["findings"] if f["code"] == "SAML023"]  # type: ignore[attr-defined]
    assert [f["severity"] for f in found] == ["warning"]


def test_a_value_encoded_twice_is_judged_as_the_sp_sees_it(tmp_path: Path) -> None:
    twice = quote(quote(VALUE, safe=""), safe="")
    result = _inspect(tmp_path, f"SAMLResponse={twice}&RelayState=x")
    assert result.codes == ["SAML001"]  # type: ignore[attr-defined]
    finding = result.report["findings"][0]  # type: ignore[attr-defined]
    assert "percent-encoded twice" in finding["message"]
    assert finding["evidence"]["cause"] == "double-encoded"
    # once encoded: fine, as ever; a pasted bare value that is URL-encoded is still repaired
    once = _inspect(tmp_path, f"SAMLResponse={quote(VALUE, safe='')}&RelayState=x", "once.form")
    assert once.report["signature"]["status"] == "valid"  # type: ignore[attr-defined]
    bare = _inspect(tmp_path, quote(VALUE, safe=""), "bare.b64")
    assert bare.report["signature"]["status"] == "valid"  # type: ignore[attr-defined]


def _har(post_data: dict[str, object]) -> str:
    entry = {
        "startedDateTime": "2026-11-01T09:01:30.000Z",
        "request": {
            "method": "POST",
            "url": INTL_ACS,
            "headers": [{"name": "Content-Type", "value": str(post_data.get("mimeType", ""))}],
            "postData": post_data,
        },
        "response": {"status": 200, "headers": [], "content": {"size": 0, "text": ""}},
    }
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}})


def test_a_multipart_post_in_a_har_is_read_from_text_and_from_params(tmp_path: Path) -> None:
    boundary = "----WebKitFormBoundaryAbc"
    text = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="SAMLResponse"\r\n\r\n{VALUE}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="RelayState"\r\n\r\n{RELAY}\r\n'
        f"--{boundary}--\r\n"
    )
    mime = f"multipart/form-data; boundary={boundary}"
    for name, post_data in (
        ("text.har", {"mimeType": mime, "text": text}),
        (
            "params.har",
            {
                "mimeType": mime,
                "params": [
                    {"name": "SAMLResponse", "value": VALUE},
                    {"name": "RelayState", "value": RELAY},
                ],
            },
        ),
    ):
        path = write_file(tmp_path, name, _har(post_data))
        result = run_cli("inspect", "--json", "--idp-metadata", str(METADATA), str(path))
        assert result.code == 0, result.stderr
        report = result.report
        assert report["signature"]["status"] == "valid" and report["relay_state"] == RELAY
