"""`samlscope diff A B` over the sample logins: what differs that matters, never what always
differs, and exit 1 only when B has an error A lacks."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLES, generator, run_cli

HAR = SAMPLES / "captures" / "logins.har"
G = generator()


def diff(a: str, b: str, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli("diff", "--json", *extra, a, b)


def fields(result) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {d["field"]: (d["a"], d["b"]) for d in result.json["differences"]}


def test_a_login_against_itself_differs_in_nothing() -> None:
    result = diff(f"{HAR}#1", str(SAMPLES / "captures" / "logins.mitm") + "#1")
    assert result.code == 0
    assert result.json["differences"] == [] and result.json["findings"]["only_b"] == []


def test_the_reversed_role_is_the_difference_and_b_regressed() -> None:
    result = diff(f"{HAR}#1", f"{HAR}#2")
    assert result.code == 1 and result.json["b_has_new_errors"]
    changed = fields(result)
    assert set(changed) == {"Role values"}
    assert [f["code"] for f in result.json["findings"]["only_b"]] == ["ALI303"]


def test_the_reverse_direction_is_no_regression() -> None:
    result = diff(f"{HAR}#2", f"{HAR}#1")
    assert result.code == 0 and [f["code"] for f in result.json["findings"]["only_a"]] == ["ALI303"]


def test_a_late_post_shows_in_the_validity_window() -> None:
    changed = fields(diff(f"{HAR}#1", f"{HAR}#3"))
    assert "posted inside it" in changed["validity"][0]
    assert "after NotOnOrAfter" in changed["validity"][1]


def test_signer_placement_algorithms_audience_and_user(tmp_path: Path) -> None:
    other = tmp_path / "other.b64"
    root = G.signed(
        audience="urn:alibaba:cloudcomputing",
        name_id="bob@contoso.example",
        attributes=G.default_attributes("bob@contoso.example"),
    )
    other.write_text(G.b64(G.xml_bytes(root)))
    changed = fields(
        diff(str(SAMPLES / "entra" / "valid.b64"), str(other), "--at", "2026-11-01T09:01:30Z")
    )
    assert {"audiences", "NameID", "RoleSessionName"} <= set(changed)
    changed = fields(
        diff(str(SAMPLES / "entra" / "valid.b64"), str(SAMPLES / "entra" / "sha1.b64"))
    )
    assert "algorithms" in changed and "sha1" in changed["algorithms"][1]
    changed = fields(
        diff(str(SAMPLES / "entra" / "valid.b64"), str(SAMPLES / "entra" / "other-key.b64"))
    )
    assert "signer certificate" in changed
    changed = fields(
        diff(
            str(SAMPLES / "entra" / "valid.b64"),
            str(SAMPLES / "entra" / "response-only-signed.form"),
        )
    )
    assert changed["signed"] == ("assertion", "response")
    assert "RelayState" in changed


def test_ids_and_instants_never_count(tmp_path: Path) -> None:
    import datetime as dt

    later = tmp_path / "later.b64"
    root = G.signed(at=G.SAMPLE_TIME + dt.timedelta(days=3))
    later.write_text(G.b64(G.xml_bytes(root).replace(b"_a1b2c3d4", b"_ffffffff")))
    result = diff(str(SAMPLES / "entra" / "valid.b64"), str(later))
    assert "Role values" not in fields(result) and "NameID" not in fields(result)


def test_a_missing_login_is_a_usage_error() -> None:
    result = diff(f"{HAR}#1", f"{HAR}#9")
    assert result.code == 2 and "fewer than 9" in result.stderr
