"""Entra's application settings read from Microsoft Graph (CFG414-417): what each rule takes
from the export, and the clouds each applies to, decided by the clouds' facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLES, check_json, finding_codes, write_file
from samlscope.decoder.config import ConfigSet
from samlscope.decoder.config.entra import read_entra_apps


def _app_with(folder: str, **fields: Any) -> str:
    """A sample's app.json with Graph properties set on its one application."""
    doc = json.loads((SAMPLES / "rules" / folder / "pass" / "app.json").read_text())
    target = doc["value"][0] if "value" in doc else doc
    target.update(fields)
    return json.dumps(doc)


def _check(tmp_path: Path, folder: str, app: str) -> list[str]:
    files = [p for p in sorted((SAMPLES / "rules" / folder / "pass").iterdir())]
    files = [p for p in files if p.name != "app.json"]
    return finding_codes(check_json(*files, write_file(tmp_path, "app.json", app)))


SIGNED = {"requestSignatureVerification": {"isSignedRequestRequired": True}}


def test_signed_requests_refuse_the_clouds_that_start_at_the_idp(tmp_path: Path) -> None:
    assert "CFG414" in _check(tmp_path, "CFG408", _app_with("CFG408", **SIGNED))  # AWS
    assert "CFG414" in _check(tmp_path, "CFG404", _app_with("CFG404", **SIGNED))  # Alibaba
    # CloudSSO sends its own AuthnRequest (SP-initiated), which it can sign
    assert "CFG414" not in _check(tmp_path, "CFG412", _app_with("CFG412", **SIGNED))
    unsigned = {"requestSignatureVerification": {"isSignedRequestRequired": "true"}}
    assert "CFG414" not in _check(tmp_path, "CFG404", _app_with("CFG404", **unsigned))


def test_token_encryption_is_reported_where_the_cloud_cannot_decrypt(tmp_path: Path) -> None:
    key = {"tokenEncryptionKeyId": "0b2f5b9e-3c4d-4e5f-8a9b-0c1d2e3f4a5b"}
    assert "CFG415" in _check(tmp_path, "CFG404", _app_with("CFG404", **key))
    assert "CFG415" not in _check(tmp_path, "CFG408", _app_with("CFG408", **key))  # AWS can


def test_assignment_and_the_active_certificate_from_the_service_principal(
    tmp_path: Path,
) -> None:
    sp = json.loads((SAMPLES / "rules" / "CFG417" / "pass" / "app.json").read_text())
    held = sp["preferredTokenSigningKeyThumbprint"]
    spaced = " ".join(held[i : i + 2] for i in range(0, 40, 2)).lower()
    assert "CFG417" not in _check(
        tmp_path, "CFG417", json.dumps({**sp, "preferredTokenSigningKeyThumbprint": spaced})
    )
    other = "0" * 40
    codes = _check(
        tmp_path, "CFG417", json.dumps({**sp, "preferredTokenSigningKeyThumbprint": other})
    )
    assert "CFG417" in codes
    unused = json.dumps({**sp, "preferredTokenSigningKeyThumbprint": "unused"})
    assert "CFG417" not in _check(tmp_path, "CFG417", unused)
    assert "CFG416" in _check(
        tmp_path, "CFG416", json.dumps({**sp, "appRoleAssignmentRequired": False})
    )
    assert "CFG416" not in _check(
        tmp_path, "CFG416", json.dumps({**sp, "appRoleAssignmentRequired": None})
    )


def test_an_aws_provider_is_not_judged_by_the_alibaba_apps_certificate(tmp_path: Path) -> None:
    sp = json.loads((SAMPLES / "rules" / "CFG417" / "fail" / "app.json").read_text())
    files = sorted((SAMPLES / "rules" / "CFG408" / "pass").iterdir())
    files = [p for p in files if p.name != "app.json"]
    codes = finding_codes(check_json(*files, write_file(tmp_path, "sp.json", json.dumps(sp))))
    assert "CFG417" not in codes


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    signed=JSON,
    key=JSON,
    assignment=JSON,
    thumbprint=JSON,
)
def test_any_graph_value_reads_as_known_or_none(
    signed: Any, key: Any, assignment: Any, thumbprint: Any
) -> None:
    item = {
        "appRoles": [],
        "requestSignatureVerification": signed,
        "tokenEncryptionKeyId": key,
        "appRoleAssignmentRequired": assignment,
        "preferredTokenSigningKeyThumbprint": thumbprint,
    }
    config = ConfigSet()
    assert read_entra_apps(item, "app.json", config)
    app = config.apps[0]
    assert app.signed_requests_required in (True, False, None)
    assert app.assignment_required in (True, False, None)
    assert app.token_encryption_key is None or isinstance(app.token_encryption_key, str)
    print_ = app.preferred_thumbprint
    assert print_ is None or (len(print_) == 40 and print_ == print_.upper())


def test_the_application_and_its_service_principal_are_one_app(tmp_path: Path) -> None:
    folder = SAMPLES / "rules" / "CFG404" / "fail"
    app = json.loads((folder / "app.json").read_text())
    app["value"][0].update(SIGNED)
    sp = json.loads((SAMPLES / "rules" / "CFG417" / "fail" / "app.json").read_text())
    sp["appRoles"] = app["value"][0]["appRoles"]
    files = [p for p in sorted(folder.iterdir()) if p.name != "app.json"]
    doc = check_json(
        *files,
        write_file(tmp_path, "app.json", json.dumps(app)),
        write_file(tmp_path, "sp.json", json.dumps(sp)),
    )
    codes = finding_codes(doc)
    # each app role judged once; the application's setting and the service principal's both
    assert codes.count("CFG404") == finding_codes(check_json(*sorted(folder.iterdir()))).count(
        "CFG404"
    )
    assert {"CFG414", "CFG417"} <= set(codes)
