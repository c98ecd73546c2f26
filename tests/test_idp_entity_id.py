"""--idp-entity-id / saml_idp_entity_id: the Issuer to expect when only a certificate is
trusted, so a response from another IdP signed by a trusted key is still flagged (SAML014)."""

from __future__ import annotations

import io

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from helpers import METADATA, SAMPLE_AT, SAMPLES, run_cli

CERT = str(SAMPLES / "idp" / "test-idp-cert.pem")
VALID = str(SAMPLES / "entra" / "valid.b64")
ISSUER = "https://sts.windows.net/8c2a7d1e-5b4f-4e3a-9d6c-0f1e2d3c4b5a/"
OTHER = "https://sts.windows.net/0f9e8d7c-6b5a-4c3d-2e1f-a0b9c8d7e6f5/"


def _inspect(*extra: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli("inspect", "--json", "--at", SAMPLE_AT, *extra, VALID)
    return result.code, result.report["findings"] if result.code != 2 else []


@pytest.mark.parametrize("profile", ["generic", "auto"])
def test_a_trusted_key_from_another_idp_is_flagged(profile: str) -> None:
    code, findings = _inspect("--idp-cert", CERT, "--profile", profile, "--idp-entity-id", OTHER)
    saml014 = [f for f in findings if f["code"] == "SAML014"]
    assert code == 1 and len(saml014) == 1, findings
    assert "--idp-entity-id" in str(saml014[0]["message"])
    assert saml014[0]["evidence"] == {"assertion_issuer": ISSUER, "expected_entity_ids": [OTHER]}


def test_the_right_entity_id_passes_and_a_slash_is_named() -> None:
    code, findings = _inspect("--idp-cert", CERT, "--idp-entity-id", ISSUER)
    assert code == 0 and not [f for f in findings if f["code"] == "SAML014"]
    _, findings = _inspect("--idp-cert", CERT, "--idp-entity-id", ISSUER.rstrip("/"))
    (saml014,) = [f for f in findings if f["code"] == "SAML014"]
    assert "only the trailing slash differs" in str(saml014["message"])


def test_without_the_flag_a_certificate_names_no_issuer() -> None:
    _code, findings = _inspect("--idp-cert", CERT, "--profile", "generic")
    assert not [f for f in findings if f["code"] == "SAML014"]


def test_with_metadata_the_flag_must_agree_with_it() -> None:
    result = run_cli("inspect", "--idp-metadata", str(METADATA), "--idp-entity-id", OTHER, VALID)
    assert result.code == 2 and "is not the entityID of" in result.stderr
    assert result.stderr.count("\n") == 1
    code, _findings = _inspect("--idp-metadata", str(METADATA), "--idp-entity-id", ISSUER)
    assert code == 0


def test_the_addon_option() -> None:
    from samlscope.addon.inspector import SamlInspector

    inspector = SamlInspector(outfile=io.StringIO())
    with taddons.context(inspector) as tctx:
        tctx.options.add_option("connection_strategy", str, "eager", "as in mitmdump")
        tctx.configure(inspector, saml_idp_cert=CERT, saml_idp_entity_id=OTHER)
        assert inspector.settings.config.idp_entity_id == OTHER
        tctx.configure(inspector, saml_idp_cert="", saml_idp_entity_id="")
        with pytest.raises(exceptions.OptionsError, match="is not the entityID"):
            tctx.configure(inspector, saml_idp_metadata=str(METADATA), saml_idp_entity_id=OTHER)
