"""The addon's `saml_` options: parsed by pure functions that raise ValueError naming the value."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from samlscope.facts import PROFILE_CHOICES
from samlscope.record import Record
from samlscope.rules.context import Config

if TYPE_CHECKING:
    from samlscope.decoder.signature.trust import TrustStore

OPTIONS: tuple[tuple[str, type, object, str], ...] = (
    (
        "saml_idp_metadata",
        str,
        "",
        "IdP metadata (Entra's Federation Metadata XML...) to verify with.",
    ),
    ("saml_idp_cert", str, "", "IdP signing certificate (PEM or .cer) instead of metadata."),
    ("saml_sp_key", str, "", "SP private key (PEM) to decrypt EncryptedAssertions."),
    (
        "saml_profile",
        str,
        "auto",
        "Rule profile: " + ", ".join(PROFILE_CHOICES) + " (auto picks it from the endpoint).",
    ),
    ("saml_sp_entity_id", str, "", "Expected Audience for the generic profile."),
    (
        "saml_idp_entity_id",
        str,
        "",
        "Expected Issuer (the IdP's entity ID) when only a certificate is trusted; with "
        "saml_idp_metadata it comes from the metadata.",
    ),
    ("saml_skew", int, 300, "Allowed clock skew in seconds (0-86400)."),
    (
        "saml_hold",
        bool,
        False,
        "Answer the SAML POST from the proxy with an HTML report instead of forwarding it, so the "
        "assertion is not consumed. Forces connection_strategy=lazy.",
    ),
    ("saml_report", str, "", "Append one JSON line per capture to this file (mode 0600)."),
    (
        "saml_timeout",
        int,
        10,
        "Seconds one analysis may take (1-300). In hold mode a POST whose analysis fails or "
        "runs out of time is still held, and the page says why.",
    ),
    (
        "saml_verbose",
        bool,
        False,
        "Under mitmdump, print the full report for every login, not only those with findings.",
    ),
    (
        "saml_any_acs",
        bool,
        False,
        "Analyse any POST carrying a SAMLResponse, not only those to Alibaba's SSO endpoints.",
    ),
)


class Settings(Record):
    config: Config
    trust: TrustStore | None
    sp_key: bytes | None


def parse_settings(
    *,
    idp_metadata: str,
    idp_cert: str,
    sp_key: str,
    profile: str,
    sp_entity_id: str,
    skew: int,
    idp_entity_id: str = "",
) -> Settings:
    """Validate option values together; raise ValueError with the offending option named."""
    if profile not in PROFILE_CHOICES:
        raise ValueError(f"saml_profile {profile!r} is not one of {', '.join(PROFILE_CHOICES)}")
    if not 0 <= skew <= 86400:
        raise ValueError(f"saml_skew {skew} is outside 0-86400 seconds")
    if idp_metadata and idp_cert:
        raise ValueError("set saml_idp_metadata or saml_idp_cert, not both")
    if not (idp_metadata or idp_cert or sp_key):
        return Settings(_config(profile, sp_entity_id, skew, idp_entity_id), None, None)
    from samlscope.decoder.errors import InputError
    from samlscope.decoder.message.decrypt import load_sp_key
    from samlscope.decoder.signature.trust import check_entity_id, load_trust

    try:
        trust = load_trust(idp_metadata or None, idp_cert or None)
        check_entity_id(trust, idp_entity_id or None)
        key = load_sp_key(sp_key) if sp_key else None
    except InputError as e:
        raise ValueError(str(e)) from None
    return Settings(_config(profile, sp_entity_id, skew, idp_entity_id), trust, key)


def _config(profile: str, sp_entity_id: str, skew: int, idp_entity_id: str) -> Config:
    return Config(
        profile=profile,
        skew=timedelta(seconds=skew),
        sp_entity_id=sp_entity_id or None,
        idp_entity_id=idp_entity_id or None,
    )
