"""The explicit rule registry: every rule, by family, module and class, in code order.

Adding a rule is adding one module `rules/<family>/<code>_<name>.py` with its Rule subclass,
its samples, and one line here; tests/rules/test_registry.py checks this list against the
folders and says what is missing. Only the rules a command needs are imported: `inspect` never
loads the configuration rules, `check` loads only those (importing every module by scanning
the folders cost a run more than its analysis did).
"""

from __future__ import annotations

import importlib
from functools import cache

from samlscope.rules.engine import Rule

FAMILIES = (
    "core",
    "protocol",
    "signature",
    "time",
    "alibaba",
    "aws",
    "cloudsso",
    "idp",
    "config",
)
SCOPE_OF_FAMILY = {family: ("config" if family == "config" else "login") for family in FAMILIES}

RULES: tuple[tuple[str, str, str], ...] = (
    ("alibaba", "ali301_missing_role", "MissingRole"),
    ("alibaba", "ali302_missing_role_session_name", "MissingRoleSessionName"),
    ("alibaba", "ali303_role_arn_order", "RoleArnOrder"),
    ("alibaba", "ali304_role_arn_malformed", "RoleArnMalformed"),
    ("alibaba", "ali305_role_account_mismatch", "RoleAccountMismatch"),
    ("alibaba", "ali306_role_session_name_invalid", "RoleSessionNameInvalid"),
    ("alibaba", "ali307_session_duration_invalid", "SessionDurationInvalid"),
    ("alibaba", "ali308_relay_state_not_allowed", "RelayStateNotAllowed"),
    ("alibaba", "ali309_multiple_roles", "MultipleRoles"),
    ("alibaba", "ali310_wrong_endpoint", "WrongEndpoint"),
    ("alibaba", "ali311_sp_error_code", "SpErrorCode"),
    ("alibaba", "ali312_name_id_not_logon_name", "NameIdNotLogonName"),
    ("alibaba", "ali313_user_sso_account_mismatch", "UserSsoAccountMismatch"),
    ("cloudsso", "ali314_cloudsso_name_id_invalid", "CloudSsoNameIdInvalid"),
    ("cloudsso", "ali315_cloudsso_wrong_service", "CloudSsoWrongService"),
    ("cloudsso", "ali316_cloudsso_sp_error", "CloudSsoSpError"),
    ("aws", "aws301_missing_role", "MissingRole"),
    ("aws", "aws302_missing_role_session_name", "MissingRoleSessionName"),
    ("aws", "aws303_role_arn_order", "RoleArnOrder"),
    ("aws", "aws304_role_arn_malformed", "RoleArnMalformed"),
    ("aws", "aws305_role_account_mismatch", "RoleAccountMismatch"),
    ("aws", "aws306_role_session_name_invalid", "RoleSessionNameInvalid"),
    ("aws", "aws307_session_duration_invalid", "SessionDurationInvalid"),
    ("aws", "aws309_multiple_roles", "MultipleRoles"),
    ("aws", "aws312_source_identity_invalid", "SourceIdentityInvalid"),
    ("aws", "aws313_subject_confirmation_not_single", "SubjectConfirmationNotSingle"),
    ("aws", "aws314_sp_error", "AwsSpError"),
    ("config", "cfg401_ram_idp_metadata_stale", "RamIdpMetadataStale"),
    ("config", "cfg402_idp_certificate_expiring", "IdpCertificateExpiring"),
    ("config", "cfg403_role_trust_mismatch", "RoleTrustMismatch"),
    ("config", "cfg404_app_role_value_invalid", "AppRoleValueInvalid"),
    ("config", "cfg405_role_not_found", "RoleNotFound"),
    ("config", "cfg406_session_duration_exceeds_max", "SessionDurationExceedsMax"),
    ("config", "cfg407_idp_entity_id_mismatch", "IdpEntityIdMismatch"),
    ("config", "cfg408_trust_audience_unsatisfiable", "TrustAudienceUnsatisfiable"),
    ("config", "cfg409_user_sso_disabled", "UserSsoDisabled"),
    ("config", "cfg410_name_id_domain_mismatch", "NameIdDomainMismatch"),
    ("config", "cfg411_ram_user_not_found", "RamUserNotFound"),
    ("config", "cfg412_cloudsso_sp_mismatch", "CloudSsoSpMismatch"),
    ("config", "cfg413_cloudsso_sso_disabled", "CloudSsoSsoDisabled"),
    ("config", "cfg414_signed_requests_required", "SignedRequestsRequired"),
    ("config", "cfg415_token_encryption_active", "TokenEncryptionActive"),
    ("config", "cfg416_assignment_not_required", "AssignmentNotRequired"),
    ("config", "cfg417_signing_key_not_held", "SigningKeyNotHeld"),
    ("idp", "idp501_idp_sign_in_error", "IdpSignInError"),
    ("core", "saml001_undecodable", "Undecodable"),
    ("core", "saml002_unsafe_xml", "UnsafeXml"),
    ("core", "saml003_not_a_response", "NotAResponse"),
    ("core", "saml004_oversized", "Oversized"),
    ("protocol", "saml010_status_not_success", "StatusNotSuccess"),
    ("protocol", "saml011_destination_mismatch", "DestinationMismatch"),
    ("protocol", "saml012_recipient_mismatch", "RecipientMismatch"),
    ("protocol", "saml013_audience_mismatch", "AudienceMismatch"),
    ("protocol", "saml014_issuer_mismatch", "IssuerMismatch"),
    ("protocol", "saml015_subject_confirmation_invalid", "SubjectConfirmationInvalid"),
    ("protocol", "saml016_unexpected_in_response_to", "UnexpectedInResponseTo"),
    ("core", "saml017_multiple_assertions", "MultipleAssertions"),
    ("protocol", "saml018_encrypted_assertion", "EncryptedAssertion"),
    ("core", "saml019_xml_comment_in_value", "XmlCommentInValue"),
    ("protocol", "saml020_undecryptable_assertion", "UndecryptableAssertion"),
    ("protocol", "saml021_in_response_to_unmatched", "InResponseToUnmatched"),
    ("protocol", "saml022_unsolicited_response", "UnsolicitedResponse"),
    ("protocol", "saml023_duplicate_form_field", "DuplicateFormField"),
    ("signature", "sig101_unsigned", "Unsigned"),
    ("signature", "sig102_signature_invalid", "SignatureInvalid"),
    ("signature", "sig103_signature_wrapping", "SignatureWrapping"),
    ("signature", "sig104_untrusted_certificate", "UntrustedCertificate"),
    ("signature", "sig105_weak_algorithm", "WeakAlgorithm"),
    ("signature", "sig106_certificate_expired", "CertificateExpired"),
    ("signature", "sig107_no_trust_anchor", "NoTrustAnchor"),
    ("signature", "sig108_assertion_not_signed", "AssertionNotSigned"),
    ("time", "time201_expired", "Expired"),
    ("time", "time202_not_yet_valid", "NotYetValid"),
    ("time", "time203_clock_skew", "ClockSkew"),
)
"""(family, module, class) of every rule."""


@cache
def _rule(family: str, module_name: str, class_name: str) -> Rule:
    """One rule, its module imported on first use (one instance per rule)."""
    module = importlib.import_module(f"samlscope.rules.{family}.{module_name}")
    rule_class = getattr(module, class_name)
    rule_class.family = family
    return rule_class()  # type: ignore[no-any-return]


@cache
def all_rules(scope: str | None = None) -> tuple[Rule, ...]:
    """The rules of one scope (`login` or `config`), or every rule; imported on first use."""
    return tuple(
        _rule(*entry) for entry in RULES if scope is None or SCOPE_OF_FAMILY[entry[0]] == scope
    )


@cache
def login_rules(cloud: str | None) -> tuple[Rule, ...]:
    """The login rules a profile of this cloud (None: no cloud's) can run, in code order: a
    family named after a cloud (`rules/aws/`) runs only for that cloud, so its modules are
    imported only when a login of that cloud is analysed (an Alibaba login never imports the
    AWS rules)."""
    from samlscope.facts import CLOUD_NAMES

    return tuple(
        _rule(family, module_name, class_name)
        for family, module_name, class_name in RULES
        if SCOPE_OF_FAMILY[family] == "login" and (family not in CLOUD_NAMES or family == cloud)
    )


def rule_by_code(code: str) -> Rule | None:
    code = code.strip().upper()
    return next((r for r in all_rules() if r.code == code), None)
