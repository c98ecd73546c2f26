"""Alibaba Cloud CloudSSO (multi-account SSO, not RAM SSO), as data.

CloudSSO is the SAML service provider of a directory: each directory has its own ACS
(`https://signin-<region>.alibabacloudsso.com/saml/acs/<uuid>`) and entity ID
(`https://signin-<region>.alibabacloudsso.com/saml/sp/<directory ID>`), which
GetDirectorySAMLServiceProviderInfo returns; the IdP it trusts is what
GetExternalSAMLIdentityProvider returns. The NameID must equal the CloudSSO user's name.

Sources: Alibaba Cloud, "GetDirectorySAMLServiceProviderInfo"
(https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getdirectorysamlserviceproviderinfo),
"GetExternalSAMLIdentityProvider"
(https://www.alibabacloud.com/help/en/cloudsso/developer-reference/api-cloudsso-2021-05-15-getexternalsamlidentityprovider),
"Overview of SSO logon" (https://www.alibabacloud.com/help/en/cloudsso/user-guide/overview) and
"FAQ about SSO" (https://www.alibabacloud.com/help/en/cloudsso/support/faq-about-sso).

Not confirmed, and said so where it matters: the us-west-1 host, what CloudSSO requires to be
signed, that the Audience is the directory's entity ID (presumably), and its RelayState rules.
"""

from __future__ import annotations

from samlscope.facts.model import Consoles, Profile
from samlscope.lazyre import lazy_pattern
from samlscope.record import Record

_HOST = r"signin-[a-z]{2}(?:-[a-z]+)+(?:-\d)?\.alibabacloudsso\.com"
ACS_PATH = lazy_pattern(r"^/saml/acs/[0-9a-f-]{8,64}$")
ENTITY_ID = lazy_pattern(rf"https://{_HOST}/saml/sp/d-[0-9a-z]{{6,32}}")
"""A directory's SP entity ID."""
USER_NAME = lazy_pattern(r"[A-Za-z0-9@_.\-]{1,64}")
"""A CloudSSO user name: up to 64 characters; letters, digits and only `@ _ - .`."""
USER_NAME_WORDS = "up to 64 letters, digits and '@', '_', '-', '.'"

CONSOLES = Consoles(
    service="CloudSSO",
    role="access configuration",
    provider="SAML identity provider",
    app="the CloudSSO app",
    upload="CloudSSO console > Settings > SSO Logon > Configure IdP (upload the metadata file)",
    trust="CloudSSO console > Multi-account Permissions > Access Configurations",
    roles="CloudSSO console > Multi-account Permissions > Access Configurations",
    providers="CloudSSO console > Settings > SSO Logon",
    max_session="CloudSSO console > Multi-account Permissions > Access Configurations > the "
    "configuration > Session Duration",
    action="(CloudSSO assigns access configurations to users, not a trust policy)",
    over_max_session="the session ends at the access configuration's session duration",
)
USERS = "CloudSSO console > Users"
"""Where CloudSSO users (whose names NameIDs must equal) are listed and created."""

CLOUDSSO = Profile(
    "alibaba-cloudsso",
    None,
    None,
    (),
    cloud="cloudsso",
    regional_hosts=lazy_pattern(_HOST),
    acs_path=ACS_PATH,
    acs_kind="sso",
    audience_pattern=ENTITY_ID,
    audience_shape="https://signin-<region>.alibabacloudsso.com/saml/sp/<directory ID>",
    consoles=CONSOLES,
    title="Alibaba Cloud CloudSSO",
)
PROFILES = (CLOUDSSO,)


class SsoError(Record):
    cause: str
    explained_by: tuple[str, ...]
    """Rule codes whose findings explain this answer."""
    elsewhere: str
    """Where the cause lies when no finding explains it."""


ERRORS: dict[str, SsoError] = {
    "InvalidSubjectValue": SsoError(
        "the NameID is not a CloudSSO user name CloudSSO can match",
        ("ALI314", "SAML015"),
        "the CloudSSO users: no user has exactly this name (SCIM may have synchronised "
        "another attribute as the user name)",
    ),
    "InvalidUser": SsoError(
        "no CloudSSO user has the NameID's name, or the user is disabled",
        ("ALI314",),
        f"the CloudSSO users ({USERS}): create the user, or send the name it has",
    ),
}
"""What CloudSSO answers a refused login with, and the findings that explain each."""
ERROR_CODE = lazy_pattern(r"\b(" + "|".join(ERRORS) + r")\b")
