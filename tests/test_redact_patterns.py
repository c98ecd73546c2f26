"""`samlscope redact` removes secrets by pattern as well as by list: names containing token,
secret, signature, sig, key, credential, session, auth, password, code or assertion, and values
shaped like a JWT, an HTTP credential or a long base64 blob; it keeps what a support engineer
reads (content types, status, hosts, timings, request and correlation IDs, error codes), and
its receipt says what it removed, by rule."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from helpers import METADATA, SAMPLES, run_cli
from samlscope.scrub import Scrubber, secret_name, secret_value

HAR = SAMPLES / "captures" / "logins.har"
BLOB = "Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRmdoaWprbG1ub3A"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXMzY3IzdA"
SECRET_HEADERS = {
    "X-Api-Signature": "s3cr3t-apisig",
    "X-Amz-Security-Token": "s3cr3t-amz",
    "X-Goog-Api-Key": "s3cr3t-goog",
    "Ocp-Apim-Subscription-Key": "s3cr3t-apim",
    "X-Custom-Auth": "s3cr3t-custom",
    "X-Partner-Credential": "s3cr3t-partner",
    "X-Forwarded-Assertion": "s3cr3t-assertion",
    "X-Trace-Blob": BLOB,  # by shape
    "X-Upstream-Identity": f"Bearer s3cr3t-upstream-{BLOB[:10]}",  # by shape
    "X-Whatever": JWT,  # by shape
}
KEPT_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Host": "signin.alibabacloud.com",
    ":authority": "signin.alibabacloud.com",
    "x-ms-request-id": "4c2f8a36-4d0f-4b8e-9a51-2c3d7e8f9a01",
    "Accept-Encoding": "gzip, deflate, br",
    "Access-Control-Allow-Credentials": "true",
    "X-Content-Type-Options": "nosniff",
    "ETag": '"5d41402abc4b2a76b9719d911017c592"',
}


def _har(tmp_path: Path) -> Path:
    har = json.loads(HAR.read_text())
    entry = har["log"]["entries"][0]
    entry["request"]["headers"] += [{"name": k, "value": v} for k, v in SECRET_HEADERS.items()]
    entry["response"]["headers"] += [{"name": k, "value": v} for k, v in KEPT_HEADERS.items()]
    entry["request"]["url"] += "&sessionKey=s3cr3t-qs1&AuthCode=s3cr3t-qs2&error_code=AADSTS50105"
    entry["request"]["queryString"] += [
        {"name": "sessionKey", "value": "s3cr3t-qs1"},
        {"name": "AuthCode", "value": "s3cr3t-qs2"},
        {"name": "error_code", "value": "AADSTS50105"},
    ]
    entry["response"]["content"] = {
        "mimeType": "application/json",
        "text": json.dumps(
            {"privateKey": "s3cr3t-json1", "apiSecret": "s3cr3t-json2", "state": BLOB, "n": 1}
        ),
    }
    path = tmp_path / "capture.har"
    path.write_text(json.dumps(har))
    return path


def test_unknown_secret_names_and_shapes_are_removed_and_the_rest_kept(tmp_path: Path) -> None:
    out = tmp_path / "shareable.har"
    result = run_cli("redact", "--idp-metadata", str(METADATA), str(_har(tmp_path)), "-o", str(out))
    assert result.code == 0, result.stderr
    data = out.read_text()
    for secret in [*SECRET_HEADERS.values(), "s3cr3t-qs1", "s3cr3t-qs2", "s3cr3t-json", BLOB]:
        assert secret not in data, secret
    entry = json.loads(data)["log"]["entries"][0]
    kept = {h["name"]: h["value"] for h in entry["response"]["headers"]}
    for name, value in KEPT_HEADERS.items():
        assert kept[name] == value, name
    assert "AADSTS50105" in data
    assert entry["response"]["status"] == 200 and "time" in entry and "timings" in entry
    receipt = result.stderr
    assert "header x-api-signature (name contains 'signature')" in receipt
    assert "header ocp-apim-subscription-key (name has the word 'key')" in receipt
    assert "header x-trace-blob (value shaped like a long base64 blob)" in receipt
    assert "header x-whatever (value shaped like a JWT)" in receipt
    assert "field AuthCode (name has the word 'auth')" in receipt


SECRET_WORDS = ["token", "secret", "signature", "credential", "session", "password", "assertion"]
WORDS = ["sig", "key", "auth", "code"]


@given(
    st.sampled_from(SECRET_WORDS + WORDS),
    st.sampled_from(["", "x-", "X-Custom-", "my_", "client"]),
    st.sampled_from(["", "-value", "_id", "Id", "-v2"]),
    st.sampled_from(["lower", "upper", "title"]),
)
def test_a_name_with_a_secret_word_is_a_secret(
    word: str, prefix: str, suffix: str, case: str
) -> None:
    if word in WORDS:  # a word of its own: separated from what is around it
        prefix = prefix if not prefix or prefix[-1] in "-_" else prefix + "-"
        suffix = suffix if not suffix or suffix[0] in "-_" else "-" + suffix
    name = prefix + {"lower": word, "upper": word.upper(), "title": word.title()}[case] + suffix
    assert secret_name(name), name
    assert Scrubber().header(name, "v4lue") == "[redacted by samlscope]"


@given(st.sampled_from([*sorted(KEPT_HEADERS), "Date", "Server", "Location", "Referer"]))
def test_what_support_reads_is_kept(name: str) -> None:
    assert secret_name(name) is None


def test_ids_and_digests_are_not_taken_for_blobs() -> None:
    assert secret_value("4c2f8a36-4d0f-4b8e-9a51-2c3d7e8f9a01") is None
    assert secret_value("5d41402abc4b2a76b9719d911017c592" * 2) is None
    assert secret_value("https://signin.alibabacloud.com/saml-role/sso") is None
    assert secret_value(BLOB) and secret_value(JWT) and secret_value("Basic dXNlcjpwYXNzd29yZA==")


def test_an_entra_error_page_capture_is_shareable(tmp_path: Path) -> None:
    """The page's user is an identity; its flow token, context and canary are secrets; the
    code and the troubleshooting details a support engineer quotes to Microsoft stay."""
    out = tmp_path / "shareable.har"
    source = SAMPLES / "captures" / "idp" / "unassigned.har"
    assert run_cli("redact", str(source), "-o", str(out)).code == 0
    data = out.read_text()
    for secret in ("alice@contoso.example", "SAMPLE-FLOW-TOKEN", "SAMPLE-CANARY", "SAMPLE-CONTEXT"):
        assert secret not in data, secret
    report = run_cli("inspect", "--json", str(out)).report
    assert report["idp_error"]["code"] == "AADSTS50105"
    assert report["idp_error"]["correlation_id"] == "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d40004"
