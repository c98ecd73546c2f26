"""Alibaba Cloud's documented error codes for a SAML login, and the rules that explain each.

The codes are those of the AssumeRoleWithSAML API (the STS API that role-based SSO is built
on): Alibaba Cloud's sign-in page shows them, and command-line logins in the style of
saml2alibabacloud print the STS API's JSON answer with them. Each maps to its cause and to the
samlscope rules whose findings explain it; when none of those fired, the cause is on the RAM
side (a provider or role that does not exist, stale metadata), which `samlscope check` with the
RAM exports confirms.

Sources: Alibaba Cloud, "AssumeRoleWithSAML"
(https://alibabacloud.com/help/en/ram/api-assumerolewithsaml) and its error codes
(https://github.com/AlibabaCloudDocs/ram/blob/master/intl.en-US/API%20Reference%20(STS)/Operation%20interfaces/AssumeRoleWithSAML.md).
`EntityNotExist.Role` is accepted beside the documented `EntityNotExist.RoleArn`.
"""

from __future__ import annotations

from samlscope.lazyre import lazy_pattern
from samlscope.record import Record


class SpErrorCode(Record):
    cause: str
    explained_by: tuple[str, ...]
    """Rule codes whose findings explain this answer."""
    ram_side: str
    """Where the cause lies when no finding explains it."""


_SIGNATURE = ("SIG101", "SIG102", "SIG103", "SIG104", "SIG106", "SIG108")
_MESSAGE = ("SAML001", "SAML003", "SAML011", "SAML012", "SAML013", "SAML014", "SAML015")
_ROLE_VALUE = ("ALI301", "ALI303", "ALI304", "ALI305")
CHECK_USER_SSO = (
    "run `samlscope check` with the IdP metadata and the RAM exports for user-based SSO (aliyun "
    "ims GetUserSsoSettings, aliyun ims ListUsers, aliyun ims GetDefaultDomain) to confirm"
)
"""The exports that confirm a cause in RAM for a user-based SSO login."""
CHECK = (
    "run `samlscope check` with the IdP metadata and the RAM exports (aliyun ims "
    "GetSAMLProvider, aliyun ram GetRole) to confirm"
)

CODES: dict[str, SpErrorCode] = {
    "AuthenticationFail.SAMLAssertion.Expired": SpErrorCode(
        "the assertion had expired, or was not yet valid, when Alibaba Cloud checked it",
        ("TIME201", "TIME202", "TIME203"),
        "the clocks: the login was posted late (a slow or replayed POST) or a clock is off",
    ),
    "AuthenticationFail.SAMLAssertion.Invalid": SpErrorCode(
        "Alibaba Cloud could not validate the assertion (its signature, issuer, audience, "
        "recipient or structure)",
        (*_SIGNATURE, *_MESSAGE, "SAML017", "SAML019", "ALI310", "CFG401", "CFG407"),
        "RAM's copy of the IdP metadata: a certificate or entity ID that is no longer the "
        "IdP's (CFG401, CFG407)",
    ),
    "AuthenticationFail.IDPMetadata.Invalid": SpErrorCode(
        "the IdP metadata uploaded to the RAM SAML provider is invalid",
        ("CFG401", "CFG402", "CFG407"),
        "the metadata document uploaded to the RAM identity provider",
    ),
    "EntityNotExist.SAMLProvider": SpErrorCode(
        "no SAML provider with the ARN in the Role value exists in RAM",
        (*_ROLE_VALUE, "CFG405"),
        "RAM: the identity provider's name or account differs from the Role value's IdP ARN "
        "(names are case-sensitive)",
    ),
    "EntityNotExist.RoleArn": SpErrorCode(
        "the RAM role in the Role value does not exist",
        (*_ROLE_VALUE, "CFG405"),
        "RAM: no role of that name in that account",
    ),
    "EntityNotExist.Role": SpErrorCode(
        "the RAM role in the Role value does not exist",
        (*_ROLE_VALUE, "CFG405"),
        "RAM: no role of that name in that account",
    ),
    "InvalidParameter.RoleArn": SpErrorCode(
        "the role ARN in the Role value is malformed", _ROLE_VALUE, "the app role's value"
    ),
    "InvalidParameter.RoleSessionName": SpErrorCode(
        "the RoleSessionName is missing or not allowed (length or characters)",
        ("ALI302", "ALI306"),
        "the RoleSessionName claim's source attribute for this user",
    ),
    "InvalidParameter.DurationSeconds": SpErrorCode(
        "the session duration is outside what the role allows",
        ("ALI307", "CFG406"),
        "the role's MaxSessionDuration in RAM",
    ),
    "MissingParameter.SAMLAssertion": SpErrorCode(
        "no SAML assertion arrived", ("SAML001", "SAML003"), "what was posted"
    ),
    "MissingParameter.RoleArn": SpErrorCode(
        "the Role value names no role", ("ALI301", "ALI304"), "the app role's value"
    ),
    "MissingParameter.SAMLProviderArn": SpErrorCode(
        "the Role value names no SAML provider", ("ALI301", "ALI304"), "the app role's value"
    ),
    "NoPermission": SpErrorCode(
        "the role's trust policy does not allow this SAML provider to assume it",
        ("CFG403",),
        "the RAM role's trust policy (its Federated principal and saml:recipient condition)",
    ),
    "InternalError": SpErrorCode(
        "an internal error of Alibaba Cloud's STS",
        (),
        "Alibaba Cloud: quote the RequestId to Alibaba Cloud support; it has been seen with "
        "assertions that break the SAML profile in ways STS does not name",
    ),
}


def lookup(code: str) -> SpErrorCode | None:
    """A code's entry; `MissingParameter.X` and `NoPermission.X` fall back to their family."""
    if code in CODES:
        return CODES[code]
    if code.startswith("NoPermission"):
        return CODES["NoPermission"]
    if code.startswith("MissingParameter."):
        return SpErrorCode(f"a parameter ({code.partition('.')[2]}) is missing", (), CHECK)
    return None


CODE_PATTERN = lazy_pattern(
    r"\b((?:AuthenticationFail|EntityNotExist|InvalidParameter|MissingParameter)\.[A-Za-z]"
    r"[\w.]{0,60}[A-Za-z]|NoPermission(?:\.[A-Za-z][\w.]{0,60}[A-Za-z])?)\b"
)
"""The families of Alibaba Cloud's STS error codes, as an answer names them."""
_JSON_CODE = lazy_pattern(r'"Code"\s*:\s*"([A-Za-z][\w.]{0,80})"')
MAX_SCAN = 300_000


def error_code_in(text: str, location: str = "") -> str | None:
    """The Alibaba Cloud error code an answer names: in a JSON answer's `Code` (the STS API's
    shape, `{"Code": "EntityNotExist.Role", ...}`), the sign-in page or its redirect URL."""
    text = text[:MAX_SCAN]
    found = _JSON_CODE.search(text)
    if found and (CODE_PATTERN.fullmatch(found.group(1)) or found.group(1) == "InternalError"):
        return found.group(1)
    for place in (text, location):
        code = CODE_PATTERN.search(place)
        if code:
            return code.group(1)
    return None
